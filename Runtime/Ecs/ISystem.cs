namespace Myelin.Ecs;

/// <summary>
/// A unit of per-frame logic, shaped like Arch.System's <c>ISystem&lt;float&gt;</c>: initialised once,
/// then each frame <see cref="BeforeUpdate"/>, <see cref="Update"/>, <see cref="AfterUpdate"/>.
/// </summary>
public interface ISystem : IDisposable
{
    /// <summary>Called once, before the first update.</summary>
    void Initialize();

    /// <summary>Called each frame before <see cref="Update"/>.</summary>
    /// <param name="dt">Seconds since the previous frame.</param>
    void BeforeUpdate(in float dt);

    /// <summary>The system's per-frame work.</summary>
    /// <param name="dt">Seconds since the previous frame.</param>
    void Update(in float dt);

    /// <summary>Called each frame after <see cref="Update"/>.</summary>
    /// <param name="dt">Seconds since the previous frame.</param>
    void AfterUpdate(in float dt);
}
