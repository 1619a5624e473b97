using System.Globalization;
using System.Text;

namespace Myelin;

public sealed partial class Tensor
{
    /// <summary>Copies the elements to host memory.</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException($"Destination of {destination.Length} floats is too small for tensor {Describe()}.", nameof(destination));
        Backend.Download(this, destination[..Length]);
    }

    /// <summary>Overwrites the elements from host memory.</summary>
    public void CopyFrom(ReadOnlySpan<float> source)
    {
        if (source.Length != Length)
            throw new ArgumentException($"{source.Length} values cannot fill tensor {Describe()} ({Length} elements).", nameof(source));
        Backend.Upload(source, this);
    }

    /// <summary>The elements as a new array (allocates: for tests and debugging).</summary>
    public float[] ToArray()
    {
        var a = new float[Length];
        CopyTo(a);
        return a;
    }

    /// <summary>The single value of a one-element tensor (blocks on device backends).</summary>
    public float Item()
    {
        if (Length != 1) throw new InvalidOperationException($"Item() needs a one-element tensor; {Describe()} has {Length}.");
        if (IsHost) return Span[0];
        Span<float> one = stackalloc float[1];
        Backend.Download(this, one);
        return one[0];
    }

    /// <summary>Element access by index on every axis, for debugging (slow on device backends).</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params ReadOnlySpan<int> index]
    {
        get => IsHost ? Span[Offset(index)] : ToArray()[Offset(index)];
        set
        {
            var o = Offset(index);
            if (IsHost) { Span[o] = value; return; }
            var all = ToArray();
            all[o] = value;
            CopyFrom(all);
        }
    }

    private int Offset(ReadOnlySpan<int> index)
    {
        if (index.Length != Rank)
            throw new ArgumentException($"Tensor {Describe()} needs {Rank} indices, got {index.Length}.");
        var offset = 0;
        for (var i = 0; i < Rank; i++)
        {
            if ((uint)index[i] >= (uint)Shape[i])
                throw new IndexOutOfRangeException($"Index {index[i]} on axis {i} is out of range for tensor {Describe()}.");
            offset = offset * Shape[i] + index[i];
        }
        return offset;
    }

    /// <summary>Readable text: shape, backend, and the values (long axes elided with "...").</summary>
    public override string ToString()
    {
        var values = ToArray();
        var sb = new StringBuilder();
        sb.Append("Tensor").Append(Shape).Append(' ').Append(Backend.Name);
        if (Name is not null) sb.Append(" '").Append(Name).Append('\'');
        sb.Append('\n');
        Append(sb, values, 0, 0);
        return sb.ToString();
    }

    private void Append(StringBuilder sb, float[] values, int axis, int offset)
    {
        if (Rank == 0) { sb.Append(values[0].ToString("G6", CultureInfo.InvariantCulture)); return; }
        const int edge = 3;
        var n = Shape[axis];
        var stride = Shape.Stride(axis);
        sb.Append('[');
        for (var i = 0; i < n; i++)
        {
            if (n > 2 * edge && i == edge)
            {
                sb.Append("..., ");
                i = n - edge - 1;
                continue;
            }
            if (axis == Rank - 1) sb.Append(values[offset + i].ToString("G6", CultureInfo.InvariantCulture));
            else Append(sb, values, axis + 1, offset + i * stride);
            if (i < n - 1) sb.Append(axis == Rank - 1 ? ", " : ",\n" + new string(' ', axis + 1));
        }
        sb.Append(']');
    }
}
