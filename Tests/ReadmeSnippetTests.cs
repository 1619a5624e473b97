using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NUnit.Framework;

namespace Myelin.Tests;

/// <summary>
/// Every ```csharp block of README.md compiles against the built Myelin assemblies, so the
/// README's code cannot rot. Each block is compiled on its own, as a user would paste it into a
/// new console project (the SDK's implicit usings, nothing else), so each must bring its usings.
/// </summary>
public class ReadmeSnippetTests
{
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>(first line of the code in README.md, code) for each csharp block.</summary>
    public static IEnumerable<TestCaseData> Snippets()
    {
        var lines = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "README.md"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            var start = i + 1;
            var end = Array.FindIndex(lines, start, l => l.Trim() == "```");
            Assert.That(end, Is.GreaterThan(0), $"README.md:{i + 1}: unterminated csharp block");
            yield return new TestCaseData(start + 1, string.Join("\n", lines[start..end])).SetName($"ReadmeSnippet_Line{start + 1}");
            i = end;
        }
    }

    [Test]
    public void ReadmeHasSnippets() => Assert.That(Snippets().Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(Snippets))]
    public void Compiles(int firstLine, string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var usings = CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using {u};\n")), options);
        var tree = CSharpSyntaxTree.ParseText(code, options, path: "README.md");
        var topLevel = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create("ReadmeSnippet", [usings, tree], References(),
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var report = string.Join("\n", errors.Select(d =>
            $"README.md:{firstLine + d.Location.GetLineSpan().StartLinePosition.Line}: {d.Id}: {d.GetMessage()}"));
        Assert.That(errors, Is.Empty, "\n" + report);
    }

    private static List<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var myelin = Directory.GetFiles(TestContext.CurrentContext.TestDirectory, "Myelin.*.dll");
        return [.. platform.Concat(myelin).DistinctBy(Path.GetFileName).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
