namespace Myelin.Demos.Detection;

public sealed partial class SyntheticCamera
{
    /// <summary>Where the camera looks: world centre, zoom (screen pixels per world unit) and light.</summary>
    private readonly record struct View(float CenterX, float CenterY, float Zoom, float Brightness, float TintR, float TintG, float TintB, float LightX, float LightY);

    /// <summary>A world: background, clutter, objects and foreground occluders, plus the camera path.</summary>
    private sealed class Scene
    {
        private const int MaxObjects = 7, MaxClutter = 18;
        // Sized for the most any world holds, so rendering never grows a list.
        private readonly List<Thing> _clutter = new(MaxClutter);
        private readonly List<Thing> _objects = new(MaxObjects);
        private readonly List<Thing> _occluders = new(4);
        private readonly int[] _amodal = new int[MaxObjects], _visible = new int[MaxObjects];
        private readonly int[] _x0 = new int[MaxObjects], _y0 = new int[MaxObjects], _x1 = new int[MaxObjects], _y1 = new int[MaxObjects];
        private readonly int[] _boxOf = new int[MaxObjects];
        private readonly float[] _alpha = new float[MaxObjects];
        private float _worldSize, _noiseScale;
        private Rgb3 _backA, _backB;
        private float _gradX, _gradY;
        private float _startX, _startY, _endX, _endY, _zoom0, _zoom1, _bright0, _bright1;
        private Rgb3 _tint;
        private float _lightX, _lightY;

        public void Generate(Rng rng, int size)
        {
            var unit = size / 128f;
            _worldSize = 1.8f * size;
            _backA = Rgb3.Random(rng, 0.15f, 0.75f);
            _backB = Rgb3.Random(rng, 0.15f, 0.75f);
            var angle = rng.Uniform(0, MathF.Tau);
            _gradX = MathF.Cos(angle) / _worldSize;
            _gradY = MathF.Sin(angle) / _worldSize;
            _noiseScale = rng.Uniform(4f, 14f) * unit;
            _clutter.Clear();
            var clutter = 6 + rng.NextInt(MaxClutter - 6);
            for (var i = 0; i < clutter; i++)
                _clutter.Add(new Thing(Thing.ClutterKind(rng), rng.Uniform(0, _worldSize), rng.Uniform(0, _worldSize),
                    rng.Uniform(3, 20) * unit, rng.Uniform(0, MathF.Tau), Rgb3.Random(rng, 0.1f, 0.8f), rng.Uniform(0.3f, 3f)));
            _objects.Clear();
            var objects = 1 + rng.NextInt(MaxObjects - 1);
            // Objects gather around the path's middle so most frames see several.
            for (var i = 0; i < objects; i++)
            {
                var kind = (ObjectClass)rng.NextInt(4);
                var rotation = kind is ObjectClass.Crate ? rng.Uniform(0, MathF.Tau) : rng.Uniform(-0.25f, 0.25f);
                _objects.Add(new Thing((int)kind, rng.Uniform(0.2f, 0.8f) * _worldSize, rng.Uniform(0.2f, 0.8f) * _worldSize,
                    rng.Uniform(7, 22) * unit, rotation, Thing.ObjectColour(kind, rng), rng.Uniform(0.85f, 1.15f)));
            }
            _occluders.Clear();
            var occluders = rng.NextInt(3);
            for (var i = 0; i < occluders; i++)
                _occluders.Add(new Thing(Thing.ClutterKind(rng), rng.Uniform(0.2f, 0.8f) * _worldSize, rng.Uniform(0.2f, 0.8f) * _worldSize,
                    rng.Uniform(5, 14) * unit, rng.Uniform(0, MathF.Tau), Rgb3.Random(rng, 0.05f, 0.6f), rng.Uniform(0.3f, 2f)));
            var margin = 0.5f * size;
            _startX = rng.Uniform(margin, _worldSize - margin); _startY = rng.Uniform(margin, _worldSize - margin);
            _endX = rng.Uniform(margin, _worldSize - margin); _endY = rng.Uniform(margin, _worldSize - margin);
            _zoom0 = rng.Uniform(0.75f, 1.4f); _zoom1 = rng.Uniform(0.75f, 1.4f);
            _bright0 = rng.Uniform(0.55f, 1.3f); _bright1 = rng.Uniform(0.55f, 1.3f);
            _tint = new Rgb3(rng.Uniform(0.85f, 1.15f), rng.Uniform(0.85f, 1.15f), rng.Uniform(0.85f, 1.15f));
            _lightX = rng.Uniform(-0.4f, 0.4f); _lightY = rng.Uniform(-0.4f, 0.4f);
        }

        public View ViewAt(float t, Rng shake)
        {
            var s = t * t * (3 - 2 * t);
            var zoom = _zoom0 + (_zoom1 - _zoom0) * s;
            var jitter = 2.5f / zoom;
            var b = _bright0 + (_bright1 - _bright0) * s;
            return new View(_startX + (_endX - _startX) * s + shake.Uniform(-jitter, jitter), _startY + (_endY - _startY) * s + shake.Uniform(-jitter, jitter),
                zoom * shake.Uniform(0.98f, 1.02f), b, _tint.R, _tint.G, _tint.B, _lightX, _lightY);
        }

        // frame.Pixels: (3, S, S); owner and boxes follow the painter's order.
        public void Draw(View view, CameraFrame frame, uint noiseSeed)
        {
            var size = frame.Size;
            var n = _objects.Count;
            for (var k = 0; k < n; k++) { _amodal[k] = _visible[k] = 0; _x0[k] = _y0[k] = int.MaxValue; _x1[k] = _y1[k] = int.MinValue; }
            var plane = size * size;
            var px = frame.Pixels;
            var owner = frame.Owner;
            var inv = 1f / view.Zoom;
            for (var y = 0; y < size; y++)
            {
                var wy = view.CenterY + (y + 0.5f - 0.5f * size) * inv;
                for (var x = 0; x < size; x++)
                {
                    var wx = view.CenterX + (x + 0.5f - 0.5f * size) * inv;
                    var c = Rgb3.Lerp(_backA, _backB, Math.Clamp(0.5f + wx * _gradX + wy * _gradY, 0f, 1f));
                    var blotch = 0.75f + 0.5f * Noise.Value(wx / _noiseScale, wy / _noiseScale, 7);
                    c = c * blotch;
                    foreach (var thing in _clutter) thing.PaintClutter(wx, wy, view.Zoom, ref c);
                    var top = -1;
                    for (var k = 0; k < n; k++)
                    {
                        var a = _objects[k].PaintObject(wx, wy, view.Zoom, ref c);
                        _alpha[k] = a;
                        if (a < 0.5f) continue;
                        top = k;
                        _amodal[k]++;
                        if (x < _x0[k]) _x0[k] = x;
                        if (x > _x1[k]) _x1[k] = x;
                        if (y < _y0[k]) _y0[k] = y;
                        if (y > _y1[k]) _y1[k] = y;
                    }
                    foreach (var thing in _occluders)
                        if (thing.PaintClutter(wx, wy, view.Zoom, ref c) >= 0.5f) top = -1;
                    if (top >= 0) _visible[top]++;
                    owner[y * size + x] = top;
                    // Light: brightness, tint, a gradient across the screen, then sensor noise.
                    var light = view.Brightness * (1f + view.LightX * (x / (float)size - 0.5f) + view.LightY * (y / (float)size - 0.5f));
                    var grain = 0.06f * (Noise.Hash((uint)(y * size + x), noiseSeed) - 0.5f);
                    var i = y * size + x;
                    px[i] = Math.Clamp(c.R * light * view.TintR + grain, 0f, 1f);
                    px[plane + i] = Math.Clamp(c.G * light * view.TintG + grain, 0f, 1f);
                    px[2 * plane + i] = Math.Clamp(c.B * light * view.TintB + grain, 0f, 1f);
                }
            }
            frame.Boxes.Clear();
            for (var k = 0; k < n; k++)
            {
                var full = _objects[k].FullArea * view.Zoom * view.Zoom;
                var keep = _visible[k] >= MinVisiblePixels && _visible[k] >= MinVisibleFraction * full;
                _boxOf[k] = keep ? frame.Boxes.Count : -1;
                if (keep) frame.Boxes.Add(new LabeledBox(new Box(_x0[k], _y0[k], _x1[k] + 1, _y1[k] + 1), _objects[k].Kind));
            }
            for (var i = 0; i < plane; i++)
                if (owner[i] >= 0) owner[i] = _boxOf[owner[i]];
        }
    }
}
