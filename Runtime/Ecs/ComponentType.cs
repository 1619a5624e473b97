using System.Runtime.CompilerServices;

namespace Myelin.Ecs;

/// <summary>
/// Static per-type registry: the first touch of <c>ComponentType&lt;T&gt;</c> assigns <typeparamref name="T"/>
/// a small dense id shared by every <see cref="World"/> in the process. No reflection beyond <c>typeof</c>.
/// </summary>
/// <typeparam name="T">The component type; any struct.</typeparam>
public static class ComponentType<T> where T : struct
{
    /// <summary>The dense id of <typeparamref name="T"/> (0, 1, 2 ... in order of first use).</summary>
    public static readonly int Id = ComponentRegistry.Register(typeof(T), new ComponentOps<T>());

    /// <summary>Size in bytes of one <typeparamref name="T"/> value, used to size chunks.</summary>
    public static readonly int Size = Unsafe.SizeOf<T>();
}
