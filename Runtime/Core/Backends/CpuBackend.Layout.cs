namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    /// <remarks>
    /// Trailing axes that stay in place form one contiguous block, copied with one span copy; an
    /// odometer walks the moved outer axes without a division per element. The convolution's
    /// (O,N,P)↔(N,O,P) reorder is whole rows of P floats.
    /// </remarks>
    public override void Permute(Tensor x, Tensor y, ReadOnlySpan<int> perm)
    {
        var rank = perm.Length;
        var xs = x.Shape;
        var xv = D(x);
        var yv = D(y);
        var j = rank;
        while (j > 0 && perm[j - 1] == j - 1) j--;
        if (j == 0)
        {
            xv.CopyTo(yv);
            return;
        }
        Span<int> xStride = stackalloc int[Shape.MaxRank];
        for (int k = rank - 1, s = 1; k >= 0; k--)
        {
            xStride[k] = s;
            s *= xs[k];
        }
        var block = 1;
        for (var k = j; k < rank; k++) block *= xs[k];
        // Outer axes of y, 0..j-1: their sizes and strides in x.
        Span<int> dims = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        Span<int> counter = stackalloc int[Shape.MaxRank];
        for (var a = 0; a < j; a++)
        {
            dims[a] = xs[perm[a]];
            strides[a] = xStride[perm[a]];
            counter[a] = 0;
        }
        var outer = block == 0 ? 0 : yv.Length / block;
        var src = 0;
        for (var o = 0; o < outer; o++)
        {
            if (block == 1) yv[o] = xv[src];
            else xv.Slice(src, block).CopyTo(yv.Slice(o * block, block));
            for (var a = j - 1; a >= 0; a--)
            {
                src += strides[a];
                if (++counter[a] < dims[a]) break;
                src -= strides[a] * dims[a];
                counter[a] = 0;
            }
        }
    }
}
