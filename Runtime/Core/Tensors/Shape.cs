using System.Runtime.CompilerServices;
using System.Text;

namespace Myelin;

/// <summary>
/// The dimensions of a tensor, row-major, up to <see cref="MaxRank"/> axes. A value type that
/// allocates nothing, so shapes can be built and compared inside a frame loop.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    /// <summary>The largest number of axes a tensor can have.</summary>
    public const int MaxRank = 6;

    [InlineArray(MaxRank)]
    private struct Dims { private int _e0; }

    private readonly Dims _dims;

    /// <summary>Number of axes.</summary>
    public int Rank { get; }

    // default(Shape) and new Shape() never run the constructor, so a scalar's length of 1 cannot be stored.
    private readonly int _length;

    /// <summary>Number of elements: the product of all dimensions (1 for a scalar).</summary>
    public int Length => Rank == 0 ? 1 : _length;

    /// <summary>Creates a shape from its dimensions, outermost first.</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxRank"/> axes, or a negative dimension.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
            throw new ArgumentException($"A shape has at most {MaxRank} axes; got {dims.Length}.", nameof(dims));
        long length = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0) throw new ArgumentException($"Dimension {i} of a shape is negative ({dims[i]}).", nameof(dims));
            _dims[i] = dims[i];
            // Saturates just past the limit: six large dimensions would otherwise wrap a long back to 0.
            length = Math.Min(length * dims[i], (long)int.MaxValue + 1);
        }
        if (length > int.MaxValue) throw new ArgumentException("A tensor holds at most 2^31-1 elements.", nameof(dims));
        Rank = dims.Length;
        _length = (int)length;
    }

    /// <summary>The dimension of one axis; negative axes count from the end (-1 is the last).</summary>
    public int this[int axis] => _dims[Axis(axis)];

    /// <summary>Turns a possibly negative axis into an index in 0..Rank-1.</summary>
    public int Axis(int axis)
    {
        // The message is built in another method so this one stays small enough to inline into every indexer use.
        var a = axis < 0 ? axis + Rank : axis;
        if ((uint)a >= (uint)Rank) ThrowAxisOutOfRange(axis, this);
        return a;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowAxisOutOfRange(int axis, Shape shape) =>
        throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {shape}.");

    /// <summary>The dimensions as a span (a copy: the shape itself is immutable).</summary>
    public void CopyTo(Span<int> destination)
    {
        for (var i = 0; i < Rank; i++) destination[i] = _dims[i];
    }

    /// <summary>The dimensions as a new array (allocates: not for frame loops).</summary>
    public int[] ToArray()
    {
        var a = new int[Rank];
        CopyTo(a);
        return a;
    }

    /// <summary>Number of elements in one step of <paramref name="axis"/> (the row-major stride).</summary>
    public int Stride(int axis)
    {
        var s = 1;
        for (var i = Rank - 1; i > Axis(axis); i--) s *= _dims[i];
        return s;
    }

    /// <summary>Product of the dimensions of every axis before the last: the row count of a matrix view.</summary>
    public int Rows => Rank == 0 ? 1 : Columns == 0 ? 0 : Length / Columns;

    /// <summary>The last dimension (1 for a scalar).</summary>
    public int Columns => Rank == 0 ? 1 : _dims[Rank - 1];

    /// <summary>This shape with the first dimension replaced (the batch axis, usually).</summary>
    public Shape WithDim(int axis, int value)
    {
        Span<int> d = stackalloc int[MaxRank];
        CopyTo(d);
        d[Axis(axis)] = value;
        return new Shape(d[..Rank]);
    }

    /// <summary>Resolves a reshape target where one dimension may be -1 (inferred).</summary>
    public Shape Reshape(ReadOnlySpan<int> dims)
    {
        Span<int> d = stackalloc int[MaxRank];
        if (dims.Length > MaxRank) throw new ArgumentException($"A shape has at most {MaxRank} axes.", nameof(dims));
        var infer = -1;
        long known = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException("Only one dimension of a reshape can be -1.", nameof(dims));
                infer = i;
            }
            else known *= dims[i];
            d[i] = dims[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"Cannot reshape {this} ({Length} elements) to {Format(dims)}.", nameof(dims));
            d[infer] = (int)(Length / known);
        }
        var result = new Shape(d[..dims.Length]);
        if (result.Length != Length)
            throw new ArgumentException($"Cannot reshape {this} ({Length} elements) to {result} ({result.Length} elements).", nameof(dims));
        return result;
    }

    /// <summary>
    /// The shape two operands broadcast to (NumPy rules: align from the right, a dimension of 1
    /// stretches). Throws naming both shapes when they are incompatible.
    /// </summary>
    public static Shape Broadcast(in Shape a, in Shape b)
    {
        if (a.Equals(b)) return a;
        var rank = Math.Max(a.Rank, b.Rank);
        Span<int> d = stackalloc int[MaxRank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            var db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {a} and {b} cannot be broadcast together (axis {i}: {da} vs {db}).");
            d[i] = da == 1 ? db : da;
        }
        return new Shape(d[..rank]);
    }

    /// <summary>
    /// Strides of <paramref name="operand"/> seen through the broadcast shape <paramref name="target"/>:
    /// 0 on stretched axes. Written into <paramref name="strides"/> (length target.Rank).
    /// </summary>
    public static void BroadcastStrides(in Shape operand, in Shape target, Span<int> strides)
    {
        var offset = target.Rank - operand.Rank;
        var s = 1;
        for (var i = target.Rank - 1; i >= 0; i--)
        {
            var oi = i - offset;
            if (oi < 0) { strides[i] = 0; continue; }
            var dim = operand[oi];
            strides[i] = dim == 1 && target[i] != 1 ? 0 : s;
            s *= dim;
        }
    }

    /// <inheritdoc />
    public bool Equals(Shape other) => Same(in this, in other);

    // Unused axes are always 0, so comparing the whole inline array (3 words) is exact and
    // branch-light: ops compare shapes several times per call. By reference, so the shapes are read
    // where they live (a tensor's field) instead of being copied to the stack first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Same(in Shape x, in Shape y)
    {
        ref var a = ref Unsafe.As<Dims, ulong>(ref Unsafe.AsRef(in x._dims));
        ref var b = ref Unsafe.As<Dims, ulong>(ref Unsafe.AsRef(in y._dims));
        return x.Rank == y.Rank
            && ((a ^ b) | (Unsafe.Add(ref a, 1) ^ Unsafe.Add(ref b, 1)) | (Unsafe.Add(ref a, 2) ^ Unsafe.Add(ref b, 2))) == 0;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Rank);
        for (var i = 0; i < Rank; i++) h.Add(_dims[i]);
        return h.ToHashCode();
    }

    /// <summary>Compares two shapes axis by axis.</summary>
    public static bool operator ==(in Shape a, in Shape b) => Same(in a, in b);

    /// <summary>Compares two shapes axis by axis.</summary>
    public static bool operator !=(in Shape a, in Shape b) => !Same(in a, in b);

    /// <summary>Formats as <c>(2, 3)</c>.</summary>
    public override string ToString()
    {
        Span<int> d = stackalloc int[MaxRank];
        CopyTo(d);
        return Format(d[..Rank]);
    }

    private static string Format(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("(");
        for (var i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(dims[i]);
        }
        return sb.Append(')').ToString();
    }
}
