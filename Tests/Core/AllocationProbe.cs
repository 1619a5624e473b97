namespace Myelin.Tests.Core;

/// <summary>Managed bytes a steady-state call allocates on the calling thread.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// Runs <paramref name="call"/> <paramref name="warmUp"/> times (JIT, per-thread scratch, worker
    /// threads), then up to three rounds of <paramref name="perRound"/> calls, and returns the fewest
    /// bytes this thread allocated in a round. A per-call allocation shows in every round, while a
    /// one-off runtime event (a tier-up recompile on a loaded machine: 5–8 KB seen once in several full
    /// runs) spoils at most one.
    /// </summary>
    public static long FewestBytes(Action call, int warmUp = 2, int perRound = 10)
    {
        for (var i = 0; i < warmUp; i++) call();
        var fewest = long.MaxValue;
        for (var round = 0; round < 3 && fewest != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < perRound; i++) call();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
