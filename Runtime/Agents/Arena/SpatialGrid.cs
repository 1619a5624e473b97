namespace Myelin.Agents.Arena;

/// <summary>
/// A uniform grid over a wrapping square, bucketing point indices so sensors look only at nearby
/// objects. Rebuilt in place each frame; allocates nothing after construction.
/// </summary>
public sealed class SpatialGrid
{
    private readonly int[] _cellStart;
    private readonly int[] _cellCount;
    private int[] _items;
    private readonly float _cellSize;

    /// <summary>Creates a grid of square cells at least <paramref name="minCellSize"/> wide.</summary>
    public SpatialGrid(float size, float minCellSize, int capacity)
    {
        Cells = Math.Max(1, (int)(size / minCellSize));
        _cellSize = size / Cells;
        Size = size;
        _cellStart = new int[Cells * Cells + 1];
        _cellCount = new int[Cells * Cells];
        _items = new int[Math.Max(1, capacity)];
    }

    /// <summary>Cells per side.</summary>
    public int Cells { get; }
    /// <summary>Side of the square.</summary>
    public float Size { get; }

    /// <summary>Cell coordinate of a position.</summary>
    public int CellOf(float v) => Math.Clamp((int)(v / _cellSize), 0, Cells - 1);

    /// <summary>Buckets points (xs[i], ys[i]) for i &lt; count (counting sort by cell).</summary>
    public void Build(ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, int count)
    {
        if (_items.Length < count) _items = new int[count];
        Array.Clear(_cellCount);
        for (var i = 0; i < count; i++) _cellCount[CellOf(ys[i]) * Cells + CellOf(xs[i])]++;
        _cellStart[0] = 0;
        for (var c = 0; c < _cellCount.Length; c++) _cellStart[c + 1] = _cellStart[c] + _cellCount[c];
        Array.Clear(_cellCount);
        for (var i = 0; i < count; i++)
        {
            var c = CellOf(ys[i]) * Cells + CellOf(xs[i]);
            _items[_cellStart[c] + _cellCount[c]++] = i;
        }
    }

    /// <summary>The indices bucketed in cell (cx, cy), wrapping around the edges.</summary>
    public ReadOnlySpan<int> Cell(int cx, int cy)
    {
        cx = ((cx % Cells) + Cells) % Cells;
        cy = ((cy % Cells) + Cells) % Cells;
        var c = cy * Cells + cx;
        return _items.AsSpan(_cellStart[c], _cellStart[c + 1] - _cellStart[c]);
    }

    /// <summary>Cells to search on each side to cover <paramref name="radius"/>.</summary>
    public int Reach(float radius) => Math.Min(Cells / 2, (int)MathF.Ceiling(radius / _cellSize));

    /// <summary>Shortest offset from a to b on a wrapping axis of length <see cref="Size"/>.</summary>
    public float Wrap(float d)
    {
        var half = Size * 0.5f;
        if (d > half) d -= Size;
        else if (d < -half) d += Size;
        return d;
    }
}
