using NUnit.Framework;

namespace Myelin.Tests;

/// <summary>The net8.0 test build runs on .NET 8 itself, not rolled forward onto a newer runtime.</summary>
public class Net8RuntimeTests
{
    [Test]
    public void RunsOnDotNet8()
    {
        TestContext.Out.WriteLine(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        Assert.That(Environment.Version.Major, Is.EqualTo(8), System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }

    [Test]
    public void CoreIsItsNet8Build()
    {
        var framework = typeof(Tensor).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false);
        Assert.That(((System.Runtime.Versioning.TargetFrameworkAttribute)framework[0]).FrameworkName, Is.EqualTo(".NETCoreApp,Version=v8.0"));
    }
}
