using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using Myelin.Graphics.Ui;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>The immediate-mode UI reacts to scripted pointer events like a user's.</summary>
[TestFixture]
public class UiTests
{
    private RenderTestTarget _target = null!;
    private InputState _input = null!;
    private Ui _ui = null!;

    [OneTimeSetUp] public void Create() => _target = new RenderTestTarget(320, 320);
    [OneTimeTearDown] public void Destroy() => _target.Dispose();

    [SetUp]
    public void Fresh()
    {
        _target.Context.MakeCurrent();
        _input = new InputState();
        _ui = new Ui(_target.Batch, _target.Text);
    }

    private float Pad => _ui.Style.Padding;
    private float Line => _target.Text.LineHeight();

    // One frame: the events, then the widgets inside a title-less panel at (0, 0), 300 wide.
    private void Frame(Action widgets, params InputEvent[] events)
    {
        _input.BeginFrame();
        foreach (var e in events) _input.Apply(e);
        _target.Render(_ =>
        {
            _ui.Begin(_input);
            _ui.BeginPanel("", 0, 0, 300);
            widgets();
            _ui.EndPanel();
            _ui.End();
        });
    }

    private static InputEvent Move(float x, float y) => new(InputKind.MouseMove, x, y);
    private static InputEvent Down(float x, float y) => new(InputKind.MouseDown, x, y);
    private static InputEvent Up(float x, float y) => new(InputKind.MouseUp, x, y);

    [Test]
    public void ButtonReportsAClickOnReleaseOverIt()
    {
        var clicks = 0;
        void Widgets() { if (_ui.Button("Go")) clicks++; }
        float x = 150, y = Pad + 15;
        Frame(Widgets, Move(x, y));
        Assert.That(_ui.HotItem, Is.Not.Zero, "hovered button is hot");
        Frame(Widgets, Down(x, y));
        Assert.That(clicks, Is.Zero, "no click on press");
        Assert.That(_ui.ActiveItem, Is.Not.Zero, "pressed button is active");
        Frame(Widgets, Up(x, y));
        Assert.That(clicks, Is.EqualTo(1));
        Frame(Widgets, Down(x, y), Up(x, y + 200));
        Assert.That(clicks, Is.EqualTo(1), "released outside: no click");
    }

    [Test]
    public void DraggingASliderChangesItsValueAndKeepsTrackingOutsideIt()
    {
        var value = 0.5f;
        void Widgets() => _ui.Slider("Speed", ref value, 0f, 1f);
        // The track runs from Pad + 8 over (300 - 2·Pad - 16) pixels.
        var left = Pad + 8;
        var width = 300 - 2 * Pad - 16;
        var y = Pad + Line + 8;
        Frame(Widgets, Move(left + width * 0.5f, y), Down(left + width * 0.5f, y));
        Assert.That(value, Is.EqualTo(0.5f).Within(0.01f));
        Frame(Widgets, Move(left + width * 0.9f, y + 100));
        Assert.That(value, Is.EqualTo(0.9f).Within(0.01f), "follows the pointer while held, even off the widget");
        Frame(Widgets, Up(left + width * 0.9f, y + 100));
        Frame(Widgets, Move(left, y));
        Assert.That(value, Is.EqualTo(0.9f).Within(0.01f), "stays once released");
    }

    [Test]
    public void DropdownOpensOnClickAndPicksTheClickedItem()
    {
        var selected = 0;
        var changed = false;
        string[] items = ["alpha", "beta", "gamma"];
        var underneath = 0;
        void Widgets()
        {
            changed |= _ui.Dropdown("Mode", ref selected, items);
            if (_ui.Button("Below")) underneath++;
        }
        var row = _ui.Style.RowHeight;
        var boxY = Pad + Line + _ui.Style.Spacing * 0.5f;
        var boxCentre = boxY + row * 0.5f;
        Frame(Widgets, Move(100, boxCentre), Down(100, boxCentre), Up(100, boxCentre));
        Frame(Widgets);
        var listY = boxY + row + 2;
        var gamma = listY + 2.5f * row;
        Frame(Widgets, Move(100, gamma), Down(100, gamma), Up(100, gamma));
        Assert.That(changed, Is.True);
        Assert.That(selected, Is.EqualTo(2), "picked gamma");
        Assert.That(underneath, Is.Zero, "the click on the list did not reach the button under it");
        Frame(Widgets, Move(100, gamma), Down(100, gamma), Up(100, gamma));
        Assert.That(selected, Is.EqualTo(2), "closed again: the same click no longer picks");
    }

    [Test]
    public void ToggleFlipsOnClick()
    {
        var on = false;
        void Widgets() => _ui.Toggle("Grid", ref on);
        var y = Pad + 10;
        Frame(Widgets, Move(280, y), Down(280, y), Up(280, y));
        Assert.That(on, Is.True);
    }

    [Test]
    public void WidgetFramesAllocateNothingOnceWarm()
    {
        var value = 0.5f;
        var count = 3;
        var flag = true;
        var pick = 1;
        string[] items = ["a", "b"];
        void Widgets()
        {
            _ui.Label("label");
            _ui.Value("value", 3.14159, "F3");
            _ui.Button("button");
            _ui.Toggle("toggle", ref flag);
            _ui.Slider("slider", ref value, 0, 1);
            _ui.Slider("int", ref count, 0, 10);
            _ui.Dropdown("drop", ref pick, items);
        }
        for (var i = 0; i < 5; i++) Frame(Widgets, Move(100, 100 + i));
        long allocated = 0;
        for (var i = 0; i < 20; i++)
        {
            _input.BeginFrame();
            _target.Batch.Begin(_target.Width, _target.Height);
            var before = GC.GetAllocatedBytesForCurrentThread();
            _ui.Begin(_input);
            _ui.BeginPanel("Panel", 0, 0, 300);
            Widgets();
            _ui.EndPanel();
            _ui.End();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            _target.Batch.End();
        }
        Assert.That(allocated, Is.Zero);
    }
}
