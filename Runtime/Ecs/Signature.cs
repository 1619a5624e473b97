namespace Myelin.Ecs;

// Component masks for Create<T0..T3>, built once per type combination so Create allocates nothing.
internal static class Signature<T0> where T0 : struct
{
    public static readonly ComponentMask? Mask = Signature.Build(ComponentType<T0>.Id);
}

internal static class Signature<T0, T1> where T0 : struct where T1 : struct
{
    public static readonly ComponentMask? Mask = Signature.Build(ComponentType<T0>.Id, ComponentType<T1>.Id);
}

internal static class Signature<T0, T1, T2> where T0 : struct where T1 : struct where T2 : struct
{
    public static readonly ComponentMask? Mask =
        Signature.Build(ComponentType<T0>.Id, ComponentType<T1>.Id, ComponentType<T2>.Id);
}

internal static class Signature<T0, T1, T2, T3> where T0 : struct where T1 : struct where T2 : struct where T3 : struct
{
    public static readonly ComponentMask? Mask =
        Signature.Build(ComponentType<T0>.Id, ComponentType<T1>.Id, ComponentType<T2>.Id, ComponentType<T3>.Id);
}

internal static class Signature
{
    // Null when a type repeats; Create then throws (a throw here would surface as TypeInitializationException).
    public static ComponentMask? Build(params int[] ids)
    {
        var mask = new ComponentMask();
        foreach (int id in ids)
        {
            if (mask.Contains(id)) return null;
            mask.Set(id);
        }
        return mask;
    }

    public static ComponentMask Duplicate() =>
        throw new ArgumentException("A component type appears twice in one Create call; an entity holds at most one of each type.");
}
