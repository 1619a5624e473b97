using Myelin.Demos.Detection;
using Myelin.Demos.Detection.Sources;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection.Sources;

public class LabelsFileTests
{
    private const string Header = """{"format":"myelin-detection-labels","version":1,"width":100,"height":50,"fps":25,"seed":null,"classes":["coin","tree"],"frames":""";
    private string _dir = "";

    [SetUp]
    public void MakeFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "myelin-labels-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void WriteThenRead_KeepsEveryFieldAndExactCoordinates()
    {
        var labels = new DetectionLabels(100, 50, 29.97, ulong.MaxValue, ["coin", "tree", "slime"]);
        labels.Add([new LabeledBox(new Box(1f / 3f, 0.1f, 99.99f, 50f), 1), new LabeledBox(new Box(0, 0, 0, 0), 2)]);
        labels.Add([]);
        labels.Add([new LabeledBox(new Box(10, 20, 30, 40), 0)]);
        var path = Path.Combine(_dir, "clip.json");
        LabelsFile.Write(path, labels);
        var back = LabelsFile.Read(path);
        Assert.That((back.Width, back.Height, back.Fps, back.Seed), Is.EqualTo((100, 50, 29.97, (ulong?)ulong.MaxValue)));
        Assert.That(back.Classes, Is.EqualTo(labels.Classes));
        Assert.That(back.Frames, Is.EqualTo(labels.Frames));
        Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(1 + 3 + 1), "a header line, one line per frame, a closing line");
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(1), "no temporary file is left");
    }

    [Test]
    public void AByteOrderMark_IsAccepted()
    {
        var path = Path.Combine(_dir, "bom.json");
        LabelsFile.Write(path, new DetectionLabels(64, 64, 30, null, ["crate"]));
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);
        Assert.That(LabelsFile.Read(path).Classes, Is.EqualTo(new[] { "crate" }));
    }

    [Test]
    public void ControlCharactersInAClassName_AreEscapedInTheMessage()
    {
        var path = Path.Combine(_dir, "esc.json");
        File.WriteAllText(path, """{"format":"myelin-detection-labels","version":1,"width":64,"height":64,"fps":30,"seed":null,"classes":["a\u001B[2J","a\u001B[2J"],"frames":[]}""");
        var e = Assert.Throws<InvalidDataException>(() => LabelsFile.Read(path));
        Assert.That(e!.Message, Does.Contain("a\\x1B[2J").And.Contain("twice"));
        Assert.That(e.Message.Any(char.IsControl), Is.False);
    }

    [Test]
    public void NullSeed_RoundTrips()
    {
        var path = Path.Combine(_dir, "footage.json");
        LabelsFile.Write(path, new DetectionLabels(64, 64, 30, null, ["crate"]));
        var back = LabelsFile.Read(path);
        Assert.That(back.Seed, Is.Null);
        Assert.That(back.Frames, Is.Empty);
    }

    [Test]
    public void FindBeside_FindsTheJsonWithTheVideosName()
    {
        var video = Path.Combine(_dir, "clip.mp4");
        Assert.That(LabelsFile.FindBeside(video), Is.Null);
        LabelsFile.Write(Path.Combine(_dir, "clip.json"), new DetectionLabels(64, 64, 30, null, ["coin"]));
        Assert.That(LabelsFile.FindBeside(video), Is.EqualTo(Path.Combine(_dir, "clip.json")));
        Assert.That(LabelsFile.FindBeside(Path.Combine(_dir, "clip.json")), Is.Null, "a labels file is not its own labels");
    }

    [Test]
    public void MissingFile_SaysHowToRecordOne()
    {
        var e = Assert.Throws<FileNotFoundException>(() => LabelsFile.Read(Path.Combine(_dir, "none.json")))!;
        Assert.That(e.Message, Does.Contain("none.json").And.Contain("myelin record"));
    }

    [TestCase("{\"format\":", "is not valid JSON")]
    [TestCase("[1, 2]", "the top level must be an object")]
    [TestCase("""{"format":"something-else","version":1}""", "'format' is \"something-else\"")]
    [TestCase("""{"format":"myelin-detection-labels","version":2}""", "'version' 2 is not supported")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"height":50}""", "'width' is missing")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":"100","height":50}""", "'width' must be a number, not string")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10.5,"height":50}""", "'width' must be an integer, not 10.5")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":0,"height":50,"fps":1}""", "the frame size 0×50 must be positive")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10,"height":10,"fps":0}""", "'fps' 0 must be a positive finite number")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10,"height":10,"fps":1e309}""", "must be a positive finite number")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10,"height":10,"fps":30,"seed":-1}""", "'seed' must be a non-negative integer or null")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10,"height":10,"fps":30,"classes":["a","a"]}""", "class \"a\" is listed twice")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10,"height":10,"fps":30,"classes":[]}""", "'classes' is empty")]
    [TestCase("""{"format":"myelin-detection-labels","version":1,"width":10,"height":10,"fps":30,"classes":["a"]}""", "'frames' is missing")]
    [TestCase(Header + """[{"index":0,"boxes":[]},{"index":2,"boxes":[]}]}""", "frame 1: 'index' is 2")]
    [TestCase(Header + """[{"index":0}]}""", "frame 0: 'boxes' is missing")]
    [TestCase(Header + """[{"index":0,"boxes":[]},{"index":1,"boxes":[{"x0":1,"y0":2,"y1":3,"class":"coin"}]}]}""", "frame 1, box 0: 'x1' is missing")]
    [TestCase(Header + """[{"index":0,"boxes":[{"x0":1,"y0":2,"x1":5,"y1":6,"class":"coin"},{"x0":1,"y0":2,"x1":"5","y1":6,"class":"coin"}]}]}""", "frame 0, box 1: 'x1' must be a number, not string")]
    [TestCase(Header + """[{"index":0,"boxes":[{"x0":5,"y0":2,"x1":1,"y1":6,"class":"coin"}]}]}""", "frame 0, box 0: (5, 2)–(1, 6) is inverted")]
    [TestCase(Header + """[{"index":0,"boxes":[{"x0":5,"y0":2,"x1":101,"y1":6,"class":"coin"}]}]}""", "frame 0, box 0: (5, 2)–(101, 6) lies outside the 100×50 frame")]
    [TestCase(Header + """[{"index":0,"boxes":[{"x0":5,"y0":2,"x1":10,"y1":6,"class":"dog"}]}]}""", "frame 0, box 0: class \"dog\" is not one of the file's classes (coin, tree)")]
    public void Malformed_NamesTheFileAndWhereItIsWrong(string json, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidDataException>(() => LabelsFile.Read(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void FfmpegSource_RejectsLabelsWithClassesTheDetectorDoesNotKnow()
    {
        var path = Path.Combine(_dir, "dogs.json");
        LabelsFile.Write(path, new DetectionLabels(64, 64, 30, null, ["coin", "dog"]));
        // The labels are read before ffmpeg starts: no video needed to see the error.
        var e = Assert.Throws<InvalidDataException>(() => new FfmpegSource(path, 64, new FfmpegSourceOptions { LabelsPath = path }))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("class \"dog\" is not one the detector knows (coin, crate, slime, tree)"));
    }
}
