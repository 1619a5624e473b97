namespace Myelin.Graphics.Rendering;

/// <summary>
/// An inspection list of what one frame laid out: every text box <see cref="TextRenderer"/> drew,
/// every panel the UI filled and every area a scene asked to keep clear of text (a plot's points).
/// Tests attach one through <see cref="App.SceneOptions.Layout"/> and check the last frame for
/// overlaps (text over text, text past its panel, a hint over a plot). The lists are fixed-size
/// arrays cleared at each frame's start, so recording allocates nothing; entries past
/// <see cref="Capacity"/> are counted in <see cref="Dropped"/>, not kept.
/// </summary>
public sealed class LayoutLog
{
    private readonly LayoutEntry[] _entries;
    private int _count;

    /// <summary>Creates a log keeping up to <paramref name="capacity"/> entries per frame.</summary>
    public LayoutLog(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _entries = new LayoutEntry[capacity];
    }

    /// <summary>Entries kept per frame at most.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Entries recorded past <see cref="Capacity"/> this frame (0 when the log is complete).</summary>
    public int Dropped { get; private set; }

    /// <summary>This frame's entries, in drawing order.</summary>
    public ReadOnlySpan<LayoutEntry> Entries => _entries.AsSpan(0, _count);

    /// <summary>Forgets the previous frame; called at the start of each frame.</summary>
    public void Clear()
    {
        _count = 0;
        Dropped = 0;
    }

    /// <summary>Records <paramref name="rect"/> of <paramref name="kind"/>.</summary>
    public void Add(LayoutRole kind, RectF rect)
    {
        if (_count == _entries.Length) { Dropped++; return; }
        _entries[_count++] = new LayoutEntry(kind, rect);
    }
}
