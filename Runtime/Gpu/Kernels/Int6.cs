namespace Myelin.Gpu.Kernels;

/// <summary>
/// Six ints passed by value to a kernel: dimensions or strides of up to <see cref="Shape.MaxRank"/> axes.
/// Plain fields (no arrays) so ILGPU keeps them in registers.
/// </summary>
internal struct Int6
{
    public int E0, E1, E2, E3, E4, E5;

    public readonly int Get(int i) => i switch
    {
        0 => E0,
        1 => E1,
        2 => E2,
        3 => E3,
        4 => E4,
        _ => E5,
    };

    public void Set(int i, int value)
    {
        switch (i)
        {
            case 0: E0 = value; break;
            case 1: E1 = value; break;
            case 2: E2 = value; break;
            case 3: E3 = value; break;
            case 4: E4 = value; break;
            default: E5 = value; break;
        }
    }

    /// <summary>Offset of row-major position <paramref name="flat"/> over <paramref name="dims"/>, read through <paramref name="strides"/>.</summary>
    public static int Offset(int flat, in Int6 dims, in Int6 strides, int rank)
    {
        var offset = 0;
        for (var k = rank - 1; k >= 0; k--)
        {
            var d = dims.Get(k);
            offset += flat % d * strides.Get(k);
            flat /= d;
        }
        return offset;
    }
}
