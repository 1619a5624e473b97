namespace Myelin.Demos.Detection;

public sealed partial class SyntheticCamera
{
    /// <summary>Where the camera looks: world centre, zoom (screen pixels per world unit), light, and where the hero stands.</summary>
    private readonly record struct View(float CenterX, float CenterY, float Zoom, float Brightness, float TintR, float TintG, float TintB, float HeroX, float HeroY);

    /// <summary>
    /// A world: a textured ground (grass, dry grass or sand) crossed by dirt paths, decorations (rocks,
    /// bushes, flower patches) and the objects, all casting soft shadows; a hero walks along the main
    /// path and the camera follows them. Painter's order: ground, shadows, decorations, objects, hero.
    /// </summary>
    private sealed class Scene
    {
        private const int MaxObjects = 8, MaxDecorations = 24;
        // Sized for the most any world holds, so rendering never grows a list.
        private readonly List<Thing> _decorations = new(MaxDecorations);
        private readonly List<Thing> _objects = new(MaxObjects);
        private readonly float[] _objectArea = new float[MaxObjects];
        private readonly int[] _amodal = new int[MaxObjects], _visible = new int[MaxObjects];
        private readonly int[] _x0 = new int[MaxObjects], _y0 = new int[MaxObjects], _x1 = new int[MaxObjects], _y1 = new int[MaxObjects];
        private readonly int[] _boxOf = new int[MaxObjects];
        private Rgb3 _grassA, _grassB, _dirt;
        private float _patchScale, _pathWidth, _pathAmplitude, _pathFrequency, _pathPhase, _crossX, _crossWidth;
        private float _walkFrom, _walkTo, _zoom0, _zoom1, _bright0, _bright1;
        private Rgb3 _tint, _heroColour;
        private float _heroScale;

        public void Generate(Rng rng, int size)
        {
            var unit = size / 128f;
            // Biomes: mostly meadow, some dry grass, some sand, each with its own hues.
            var biome = rng.Uniform(0, 1);
            (_grassA, _grassB, _dirt) = biome switch
            {
                < 0.65f => (new Rgb3(0.30f, 0.55f, 0.22f), new Rgb3(0.42f, 0.66f, 0.28f), new Rgb3(0.62f, 0.48f, 0.32f)),
                < 0.85f => (new Rgb3(0.52f, 0.55f, 0.25f), new Rgb3(0.66f, 0.62f, 0.32f), new Rgb3(0.55f, 0.42f, 0.3f)),
                _ => (new Rgb3(0.80f, 0.70f, 0.48f), new Rgb3(0.88f, 0.79f, 0.56f), new Rgb3(0.62f, 0.56f, 0.5f)),
            };
            var hue = Rgb3.Random(rng, 0.9f, 1.1f);
            _grassA = _grassA * hue.R; _grassB = new Rgb3(_grassB.R * hue.G, _grassB.G * hue.G, _grassB.B * hue.B);
            _patchScale = rng.Uniform(10f, 20f) * unit;
            // The main path runs left to right and winds; a second crosses it top to bottom.
            _pathWidth = rng.Uniform(7f, 12f) * unit;
            _pathAmplitude = rng.Uniform(5f, 25f) * unit;
            _pathFrequency = rng.Uniform(0.008f, 0.02f) / unit;
            _pathPhase = rng.Uniform(0, MathF.Tau);
            _crossX = rng.Uniform(0.3f, 1.7f) * size;
            _crossWidth = rng.NextInt(3) == 0 ? 0f : rng.Uniform(5f, 9f) * unit;
            // The hero walks a stretch of the path; the camera follows.
            _walkFrom = rng.Uniform(0.4f, 0.8f) * size;
            _walkTo = _walkFrom + rng.Uniform(-0.5f, 0.5f) * size;
            _zoom0 = rng.Uniform(0.8f, 1.35f); _zoom1 = rng.Uniform(0.8f, 1.35f);
            _bright0 = rng.Uniform(0.75f, 1.15f); _bright1 = rng.Uniform(0.75f, 1.15f);
            _tint = new Rgb3(rng.Uniform(0.9f, 1.1f), rng.Uniform(0.92f, 1.08f), rng.Uniform(0.9f, 1.1f));
            _heroColour = Rgb3.Random(rng, 0.15f, 0.85f);
            _heroScale = rng.Uniform(5f, 6.5f) * unit;

            // Objects and decorations scatter around the walked stretch, so most frames see several.
            float left = MathF.Min(_walkFrom, _walkTo) - 0.6f * size, right = MathF.Max(_walkFrom, _walkTo) + 0.6f * size;
            _decorations.Clear();
            var decorations = 8 + rng.NextInt(MaxDecorations - 8);
            for (var i = 0; i < decorations; i++)
            {
                var kind = Thing.Rock + rng.NextInt(3);
                var wx = rng.Uniform(left, right);
                var wy = PathY(wx) + rng.Uniform(-0.7f, 0.7f) * size;
                var colour = kind switch
                {
                    Thing.Rock => new Rgb3(0.55f, 0.55f, 0.56f) * rng.Uniform(0.8f, 1.15f),
                    Thing.Bush => new Rgb3(0.16f, 0.4f, 0.14f) * rng.Uniform(0.8f, 1.2f),
                    _ => rng.NextInt(3) switch { 0 => new Rgb3(0.95f, 0.95f, 0.95f), 1 => new Rgb3(0.9f, 0.3f, 0.35f), _ => new Rgb3(0.6f, 0.5f, 0.95f) },
                };
                var scale = (kind == Thing.Flowers ? rng.Uniform(2f, 3f) : rng.Uniform(3f, 8f)) * unit;
                _decorations.Add(new Thing(kind, wx, wy, scale, kind == Thing.Flowers ? rng.Uniform(0, MathF.Tau) : 0f, colour, rng.Uniform(0.8f, 1.3f)));
            }
            _objects.Clear();
            var objects = 3 + rng.NextInt(MaxObjects - 2);
            for (var i = 0; i < objects; i++)
            {
                var kind = (ObjectClass)rng.NextInt(4);
                var wx = rng.Uniform(left, right);
                var wy = PathY(wx) + rng.Uniform(-0.4f, 0.4f) * size;
                var scale = kind switch
                {
                    ObjectClass.Tree => rng.Uniform(11f, 20f),
                    ObjectClass.Crate => rng.Uniform(7f, 13f),
                    ObjectClass.Slime => rng.Uniform(7f, 13f),
                    _ => rng.Uniform(5f, 9f),
                } * unit;
                var param = kind switch
                {
                    ObjectClass.Coin => rng.Uniform(0.45f, 1f), // a coin turning on the spot
                    ObjectClass.Slime => rng.Uniform(0.9f, 1.25f),
                    ObjectClass.Tree => rng.Uniform(0.95f, 1.25f),
                    _ => 1f,
                };
                var thing = new Thing((int)kind, wx, wy, scale, kind is ObjectClass.Crate ? rng.Uniform(-0.12f, 0.12f) : 0f, Thing.ObjectColour(kind, rng), param);
                _objectArea[i] = thing.LocalArea() * scale * scale;
                _objects.Add(thing);
            }
        }

        public View ViewAt(float t, Rng shake)
        {
            var s = t * t * (3 - 2 * t);
            var heroX = _walkFrom + (_walkTo - _walkFrom) * t;
            var heroY = PathY(heroX);
            var zoom = _zoom0 + (_zoom1 - _zoom0) * s;
            // The camera trails the hero a little and shakes a pixel or two.
            var jitter = 1.5f / zoom;
            var lead = (_walkTo - _walkFrom) * 0.08f;
            var b = _bright0 + (_bright1 - _bright0) * s;
            return new View(heroX - lead + shake.Uniform(-jitter, jitter), heroY - 0.1f * _heroScale + shake.Uniform(-jitter, jitter),
                zoom, b, _tint.R, _tint.G, _tint.B, heroX, heroY);
        }

        private float PathY(float wx) => _pathAmplitude * MathF.Sin(wx * _pathFrequency + _pathPhase);

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
            var hero = new Thing(Thing.Hero, view.HeroX, view.HeroY, _heroScale, 0f, _heroColour, 1f);
            for (var y = 0; y < size; y++)
            {
                var wy = view.CenterY + (y + 0.5f - 0.5f * size) * inv;
                for (var x = 0; x < size; x++)
                {
                    var wx = view.CenterX + (x + 0.5f - 0.5f * size) * inv;
                    var c = Ground(wx, wy);
                    var shadow = 1f;
                    foreach (var thing in _decorations) thing.Shade(wx, wy, ref shadow);
                    foreach (var thing in _objects) thing.Shade(wx, wy, ref shadow);
                    hero.Shade(wx, wy, ref shadow);
                    c *= shadow;
                    foreach (var thing in _decorations) thing.Paint(wx, wy, view.Zoom, ref c);
                    var top = -1;
                    for (var k = 0; k < n; k++)
                    {
                        if (_objects[k].Paint(wx, wy, view.Zoom, ref c) < 0.5f) continue;
                        top = k;
                        _amodal[k]++;
                        if (x < _x0[k]) _x0[k] = x;
                        if (x > _x1[k]) _x1[k] = x;
                        if (y < _y0[k]) _y0[k] = y;
                        if (y > _y1[k]) _y1[k] = y;
                    }
                    if (hero.Paint(wx, wy, view.Zoom, ref c) >= 0.5f) top = -1;
                    if (top >= 0) _visible[top]++;
                    owner[y * size + x] = top;
                    // Light: brightness and tint, a soft vignette, then a little sensor grain.
                    float sx = x / (float)size - 0.5f, sy = y / (float)size - 0.5f;
                    var light = view.Brightness * (1f - 0.35f * (sx * sx + sy * sy));
                    var grain = 0.03f * (Noise.Hash((uint)(y * size + x), noiseSeed) - 0.5f);
                    var i = y * size + x;
                    px[i] = Math.Clamp(c.R * light * view.TintR + grain, 0f, 1f);
                    px[plane + i] = Math.Clamp(c.G * light * view.TintG + grain, 0f, 1f);
                    px[2 * plane + i] = Math.Clamp(c.B * light * view.TintB + grain, 0f, 1f);
                }
            }
            frame.Boxes.Clear();
            for (var k = 0; k < n; k++)
            {
                var full = _objectArea[k] * view.Zoom * view.Zoom;
                var keep = _visible[k] >= MinVisiblePixels && _visible[k] >= MinVisibleFraction * full;
                _boxOf[k] = keep ? frame.Boxes.Count : -1;
                if (keep) frame.Boxes.Add(new LabeledBox(new Box(_x0[k], _y0[k], _x1[k] + 1, _y1[k] + 1), _objects[k].Kind));
            }
            for (var i = 0; i < plane; i++)
                if (owner[i] >= 0) owner[i] = _boxOf[owner[i]];
        }

        // Grass in patches with blade grain, and dirt paths with pebbles and darker worn edges.
        private Rgb3 Ground(float wx, float wy)
        {
            var patches = Noise.Value(wx / _patchScale, wy / _patchScale, 7);
            var blades = Noise.Hash((uint)((int)MathF.Floor(wx * 0.7f) * 92821 ^ (int)MathF.Floor(wy * 1.4f) * 68917), 3);
            var c = Rgb3.Lerp(_grassA, _grassB, patches) * (0.88f + 0.22f * blades);
            var main = MathF.Abs(wy - PathY(wx)) - _pathWidth;
            var cross = _crossWidth > 0 ? MathF.Abs(wx - _crossX - 0.3f * _pathAmplitude * MathF.Sin(wy * 0.05f)) - _crossWidth : float.MaxValue;
            var d = MathF.Min(main, cross);
            if (d < 1.5f)
            {
                var gravel = 0.82f + 0.3f * Noise.Value(wx * 0.45f, wy * 0.45f, 13);
                var pebble = Noise.Hash((uint)((int)MathF.Floor(wx * 0.5f) * 73856093 ^ (int)MathF.Floor(wy * 0.5f) * 19349663), 17) > 0.93f ? 1.25f : 1f;
                var dirt = _dirt * (gravel * pebble);
                if (d > -1.5f) dirt *= 0.82f; // the worn edge
                c = Rgb3.Lerp(c, dirt, Math.Clamp(0.5f - d / 1.5f, 0f, 1f));
            }
            return c;
        }
    }
}
