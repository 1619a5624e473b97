using System.Runtime.CompilerServices;

namespace Myelin.Ecs;

// Typed operations on a component column, reached by type id where the static type is unknown
// (archetype moves, chunk allocation). Virtual calls instead of reflection keep it NativeAOT-clean.
internal abstract class ComponentOps
{
    public abstract int Size { get; }

    public abstract Array CreateArray(int length);

    public abstract void Copy(Array source, int sourceIndex, Array destination, int destinationIndex);

    public abstract void Clear(Array array, int index);
}

internal sealed class ComponentOps<T> : ComponentOps where T : struct
{
    public override int Size => Unsafe.SizeOf<T>();

    public override Array CreateArray(int length) => new T[length];

    public override void Copy(Array source, int sourceIndex, Array destination, int destinationIndex) =>
        Unsafe.As<T[]>(destination)[destinationIndex] = Unsafe.As<T[]>(source)[sourceIndex];

    // Only references need clearing: a stale struct of plain data in a free slot is harmless.
    public override void Clear(Array array, int index)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            Unsafe.As<T[]>(array)[index] = default;
    }
}
