namespace Myelin.Ecs;

// A world's cache of the archetypes matching one description. Archetypes are never removed, so the
// cache only has to look at archetypes created since it last looked.
internal sealed class Query
{
    public readonly World World;
    public readonly QueryDescription Description;
    private Archetype[] _matches = new Archetype[4];
    private int _matchCount;
    private int _archetypesSeen;

    public Query(World world, QueryDescription description)
    {
        World = world;
        Description = description;
    }

    public ReadOnlySpan<Archetype> Archetypes
    {
        get
        {
            Refresh();
            return new ReadOnlySpan<Archetype>(_matches, 0, _matchCount);
        }
    }

    private void Refresh()
    {
        List<Archetype> all = World.ArchetypeList;
        if (_archetypesSeen == all.Count) return;
        for (int i = _archetypesSeen; i < all.Count; i++)
        {
            if (!Description.Matches(all[i].Mask)) continue;
            if (_matchCount == _matches.Length) Array.Resize(ref _matches, _matches.Length * 2);
            _matches[_matchCount++] = all[i];
        }
        _archetypesSeen = all.Count;
    }
}
