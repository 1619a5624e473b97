namespace Myelin.Ecs;

/// <summary>
/// Which entities a query visits: all of <c>WithAll</c>, at least one of <c>WithAny</c> (when given),
/// none of <c>WithNone</c>. Immutable; build it once and keep it in a <c>static readonly</c> field,
/// e.g. <c>new QueryDescription().WithAll&lt;Position, Velocity&gt;()</c>. Each world caches the
/// matching archetypes per description and extends the cache when new archetypes appear.
/// </summary>
public sealed class QueryDescription : IEquatable<QueryDescription>
{
    internal readonly ComponentMask All;
    internal readonly ComponentMask Any;
    internal readonly ComponentMask None;
    private readonly int _hash;

    // Last query built from this description; reused while it belongs to the world asking.
    internal Query? LastQuery;

    /// <summary>A description matching every entity.</summary>
    public QueryDescription() : this(new ComponentMask(), new ComponentMask(), new ComponentMask()) { }

    private QueryDescription(ComponentMask all, ComponentMask any, ComponentMask none)
    {
        All = all;
        Any = any;
        None = none;
        _hash = HashCode.Combine(all, any, none);
    }

    internal bool Matches(ComponentMask archetype) =>
        archetype.ContainsAll(All) && (Any.IsEmpty || archetype.Intersects(Any)) && !archetype.Intersects(None);

    private QueryDescription WithAllMask(ComponentMask mask) => new(mask, Any, None);

    private QueryDescription WithAnyMask(ComponentMask mask) => new(All, mask, None);

    private QueryDescription WithNoneMask(ComponentMask mask) => new(All, Any, mask);

    /// <summary>True when both descriptions select the same entities by the same filters.</summary>
    /// <param name="other">The description to compare with.</param>
    public bool Equals(QueryDescription? other) =>
        other is not null && _hash == other._hash && All.Equals(other.All) && Any.Equals(other.Any) && None.Equals(other.None);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as QueryDescription);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Returns a copy of this description whose entities must also have every one of these components.</summary>
    /// <typeparam name="T0">A component type entities must have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAll<T0>() where T0 : struct
    {
        ComponentMask mask = All.Clone();
        mask.Set(ComponentType<T0>.Id);
        return WithAllMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have every one of these components.</summary>
    /// <typeparam name="T0">A component type entities must have.</typeparam>
    /// <typeparam name="T1">A component type entities must have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAll<T0, T1>() where T0 : struct where T1 : struct
    {
        ComponentMask mask = All.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id);
        return WithAllMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have every one of these components.</summary>
    /// <typeparam name="T0">A component type entities must have.</typeparam>
    /// <typeparam name="T1">A component type entities must have.</typeparam>
    /// <typeparam name="T2">A component type entities must have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAll<T0, T1, T2>() where T0 : struct where T1 : struct where T2 : struct
    {
        ComponentMask mask = All.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id); mask.Set(ComponentType<T2>.Id);
        return WithAllMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have every one of these components.</summary>
    /// <typeparam name="T0">A component type entities must have.</typeparam>
    /// <typeparam name="T1">A component type entities must have.</typeparam>
    /// <typeparam name="T2">A component type entities must have.</typeparam>
    /// <typeparam name="T3">A component type entities must have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAll<T0, T1, T2, T3>() where T0 : struct where T1 : struct where T2 : struct where T3 : struct
    {
        ComponentMask mask = All.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id); mask.Set(ComponentType<T2>.Id); mask.Set(ComponentType<T3>.Id);
        return WithAllMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have at least one of these components.</summary>
    /// <typeparam name="T0">A component type entities must may have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAny<T0>() where T0 : struct
    {
        ComponentMask mask = Any.Clone();
        mask.Set(ComponentType<T0>.Id);
        return WithAnyMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have at least one of these components.</summary>
    /// <typeparam name="T0">A component type entities must may have.</typeparam>
    /// <typeparam name="T1">A component type entities must may have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAny<T0, T1>() where T0 : struct where T1 : struct
    {
        ComponentMask mask = Any.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id);
        return WithAnyMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have at least one of these components.</summary>
    /// <typeparam name="T0">A component type entities must may have.</typeparam>
    /// <typeparam name="T1">A component type entities must may have.</typeparam>
    /// <typeparam name="T2">A component type entities must may have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAny<T0, T1, T2>() where T0 : struct where T1 : struct where T2 : struct
    {
        ComponentMask mask = Any.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id); mask.Set(ComponentType<T2>.Id);
        return WithAnyMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have at least one of these components.</summary>
    /// <typeparam name="T0">A component type entities must may have.</typeparam>
    /// <typeparam name="T1">A component type entities must may have.</typeparam>
    /// <typeparam name="T2">A component type entities must may have.</typeparam>
    /// <typeparam name="T3">A component type entities must may have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithAny<T0, T1, T2, T3>() where T0 : struct where T1 : struct where T2 : struct where T3 : struct
    {
        ComponentMask mask = Any.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id); mask.Set(ComponentType<T2>.Id); mask.Set(ComponentType<T3>.Id);
        return WithAnyMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have none of these components.</summary>
    /// <typeparam name="T0">A component type entities must not have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithNone<T0>() where T0 : struct
    {
        ComponentMask mask = None.Clone();
        mask.Set(ComponentType<T0>.Id);
        return WithNoneMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have none of these components.</summary>
    /// <typeparam name="T0">A component type entities must not have.</typeparam>
    /// <typeparam name="T1">A component type entities must not have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithNone<T0, T1>() where T0 : struct where T1 : struct
    {
        ComponentMask mask = None.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id);
        return WithNoneMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have none of these components.</summary>
    /// <typeparam name="T0">A component type entities must not have.</typeparam>
    /// <typeparam name="T1">A component type entities must not have.</typeparam>
    /// <typeparam name="T2">A component type entities must not have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithNone<T0, T1, T2>() where T0 : struct where T1 : struct where T2 : struct
    {
        ComponentMask mask = None.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id); mask.Set(ComponentType<T2>.Id);
        return WithNoneMask(mask);
    }

    /// <summary>Returns a copy of this description whose entities must also have none of these components.</summary>
    /// <typeparam name="T0">A component type entities must not have.</typeparam>
    /// <typeparam name="T1">A component type entities must not have.</typeparam>
    /// <typeparam name="T2">A component type entities must not have.</typeparam>
    /// <typeparam name="T3">A component type entities must not have.</typeparam>
    /// <returns>A new description; this one is unchanged.</returns>
    public QueryDescription WithNone<T0, T1, T2, T3>() where T0 : struct where T1 : struct where T2 : struct where T3 : struct
    {
        ComponentMask mask = None.Clone();
        mask.Set(ComponentType<T0>.Id); mask.Set(ComponentType<T1>.Id); mask.Set(ComponentType<T2>.Id); mask.Set(ComponentType<T3>.Id);
        return WithNoneMask(mask);
    }
}
