using System.Diagnostics;
using Myelin.Serialization;
using NUnit.Framework;

namespace Myelin.Tests.Core.Serialization;

public class AtomicFileTests
{
    /// <summary>The id of a process that has exited (ids are reused only after wrapping, long after this test).</summary>
    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    [Test]
    public void ASaveRemovesTheTemporaryFilesOfKilledWritersOnly()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("uses the 'true' command");
        var dir = Directory.CreateTempSubdirectory("myelin-atomic-").FullName;
        try
        {
            var guid = Guid.NewGuid().ToString("N");
            var dead = Path.Combine(dir, $".model.myelin.{DeadPid()}.{guid}.tmp");
            var live = Path.Combine(dir, $".model.myelin.1.{guid}.tmp"); // pid 1 always runs
            var own = Path.Combine(dir, $".other.bin.{Environment.ProcessId}.{guid}.tmp"); // a save in progress here
            string[] foreign = [Path.Combine(dir, ".model.myelin.tmp"), Path.Combine(dir, $".x.{DeadPid()}.notaguid.tmp"), Path.Combine(dir, "notes.tmp")];
            var recentDead = Path.Combine(dir, $".model.myelin.{DeadPid()}.{Guid.NewGuid():N}.tmp"); // maybe a writer in another container
            foreach (var f in (string[])[dead, live, own, recentDead, .. foreign])
            {
                File.WriteAllText(f, "partial");
                if (f != recentDead) File.SetLastWriteTimeUtc(f, DateTime.UtcNow - AtomicFile.StaleAfter - TimeSpan.FromMinutes(1));
            }

            AtomicFile.Write(Path.Combine(dir, "other.myelin"), "new"u8);

            Assert.That(File.Exists(dead), Is.False, "a dead writer's temporary file is removed");
            Assert.That(File.Exists(live), Is.True, "a live writer's is kept");
            Assert.That(File.Exists(recentDead), Is.True, "a recent one of a PID not seen here is kept");
            Assert.That(File.Exists(own), Is.True, "this process's is kept");
            foreach (var f in foreign) Assert.That(File.Exists(f), Is.True, $"{Path.GetFileName(f)} is not ours");
            Assert.That(File.ReadAllText(Path.Combine(dir, "other.myelin")), Is.EqualTo("new"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
