namespace Myelin.Ecs;

// A growable bit set over component type ids; archetype signatures and query filters.
internal sealed class ComponentMask : IEquatable<ComponentMask>
{
    private ulong[] _bits = [];

    public bool IsEmpty
    {
        get
        {
            foreach (ulong word in _bits)
                if (word != 0) return false;
            return true;
        }
    }

    public ComponentMask Clone() => new() { _bits = (ulong[])_bits.Clone() };

    public void Set(int id)
    {
        int word = id >> 6;
        if (word >= _bits.Length) Array.Resize(ref _bits, word + 1);
        _bits[word] |= 1UL << (id & 63);
    }

    public bool Contains(int id)
    {
        int word = id >> 6;
        return word < _bits.Length && (_bits[word] & (1UL << (id & 63))) != 0;
    }

    // True when every bit of `subset` is set here.
    public bool ContainsAll(ComponentMask subset)
    {
        ulong[] sub = subset._bits;
        for (int i = 0; i < sub.Length; i++)
        {
            ulong mine = i < _bits.Length ? _bits[i] : 0;
            if ((sub[i] & ~mine) != 0) return false;
        }
        return true;
    }

    public bool Intersects(ComponentMask other)
    {
        int n = Math.Min(_bits.Length, other._bits.Length);
        for (int i = 0; i < n; i++)
            if ((_bits[i] & other._bits[i]) != 0) return true;
        return false;
    }

    public bool Equals(ComponentMask? other)
    {
        if (other is null) return false;
        int n = Math.Max(_bits.Length, other._bits.Length);
        for (int i = 0; i < n; i++)
        {
            ulong a = i < _bits.Length ? _bits[i] : 0;
            ulong b = i < other._bits.Length ? other._bits[i] : 0;
            if (a != b) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ComponentMask);

    // Trailing zero words are ignored so equal sets hash equally whatever their array length.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        int last = _bits.Length - 1;
        while (last >= 0 && _bits[last] == 0) last--;
        for (int i = 0; i <= last; i++) hash.Add(_bits[i]);
        return hash.ToHashCode();
    }
}
