using System.Buffers.Binary;
using Myelin.Serialization;
using StbImageSharp;

namespace Myelin.Editor.Imaging;

/// <summary>
/// Decodes PNG, JPEG and BMP files to RGBA bytes (via StbImageSharp). Other formats are refused by
/// their first bytes, and PNG and JPEG structure is checked before decoding: stb allocates at declared
/// sizes and can loop forever on a truncated JPEG (both found by fuzzing).
/// </summary>
public static class ImageFile
{
    /// <summary>The largest image file read (256 MiB).</summary>
    public const long MaxBytes = 1L << 28;

    /// <summary>The most pixels an image may declare (2^25, e.g. 8192×4096; 128 MiB as RGBA), checked before decoding.</summary>
    public const long MaxPixels = 1L << 25;

    /// <summary>Reads <paramref name="path"/> as RGBA: pixels (height, width, 4), top row first.</summary>
    /// <exception cref="InvalidDataException">The file is not an image StbImageSharp can decode, or is too large; the message names the defect.</exception>
    /// <exception cref="IOException">The file is missing, a directory, not a regular file or over <see cref="MaxBytes"/>.</exception>
    public static (byte[] Rgba, int Width, int Height) ReadRgba(string path)
    {
        var bytes = InputFile.ReadAllBytes(path, MaxBytes);
        try
        {
            if (!IsPng(bytes) && !IsJpeg(bytes) && !(bytes.Length >= 2 && bytes[0] == 'B' && bytes[1] == 'M'))
                throw new InvalidDataException($"not a readable image: not a PNG, JPEG or BMP file (it starts with {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))})");
            // stb loops forever on a JPEG that ends inside its headers, even reading only its size (found by fuzzing): check the segments first.
            if (IsJpeg(bytes) && JpegTruncation(bytes) is { } end) throw new InvalidDataException($"not a readable image: {end}");
            // The declared size before the chunks, so a few bytes declaring gigapixels are reported as such.
            using (var header = new MemoryStream(bytes, writable: false))
            {
                // A BMP's height is negative when its rows run top-down: count the pixels by magnitude.
                if (ImageInfo.FromStream(header) is { } info && Math.Abs((long)info.Width) * Math.Abs((long)info.Height) > MaxPixels)
                    throw new InvalidDataException($"the image declares {Math.Abs((long)info.Width)}×{Math.Abs((long)info.Height)} pixels; the limit is {MaxPixels}");
            }
            // stb allocates each PNG chunk at its declared length before reading it: check the lengths first.
            if (IsPng(bytes) && PngTruncation(bytes) is { } cut) throw new InvalidDataException($"not a readable image: {cut}");
            var image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlueAlpha);
            return (image.Data, image.Width, image.Height);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not InvalidDataException)
        {
            throw new InvalidDataException($"not a readable image: {Defect(bytes, e)}", e);
        }
    }

    // StbImageSharp often throws with a message of NUL bytes (a truncated PNG printed "( )"): name the defect ourselves.
    private static string Defect(byte[] bytes, Exception e)
    {
        if (e.Message.Any(c => !char.IsControl(c) && !char.IsWhiteSpace(c))) return Text.Escape(e.Message);
        if (IsPng(bytes)) return PngTruncation(bytes) ?? "corrupt PNG image data (every chunk is complete)";
        if (IsJpeg(bytes)) return "corrupt JPEG data";
        return $"corrupt image data ({bytes.Length} bytes)";
    }

    private static bool IsPng(byte[] bytes) => bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

    // Walks the chunks (u32 length, 4-letter type, data, u32 CRC) up to IEND; says where the file breaks off, or null.
    private static string? PngTruncation(byte[] bytes)
    {
        var at = 8;
        while (at + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            var type = Text.Escape(System.Text.Encoding.Latin1.GetString(bytes, at + 4, 4));
            if (12L + length > bytes.Length - at)
                return $"truncated PNG: chunk '{type}' at byte {at} declares {length} bytes of data, the file ends {bytes.Length - at - 8} bytes in";
            if (type == "IEND") return null;
            at += 12 + (int)length;
        }
        return $"truncated PNG: the file ends at byte {bytes.Length}, before the IEND chunk";
    }

    private static bool IsJpeg(byte[] bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    // Walks the marker segments (FF xx, u16 length) to the start of scan, then looks for the end-of-image
    // marker after it; says where the file breaks off, or null.
    private static string? JpegTruncation(byte[] bytes)
    {
        var at = 2;
        while (true)
        {
            while (at < bytes.Length && bytes[at] == 0xFF && at + 1 < bytes.Length && bytes[at + 1] == 0xFF) at++; // fill bytes
            if (at + 2 > bytes.Length) return $"truncated JPEG: the file ends at byte {bytes.Length}, inside its headers";
            if (bytes[at] != 0xFF) return $"corrupt JPEG: expected a marker at byte {at}, found 0x{bytes[at]:X2}";
            var marker = bytes[at + 1];
            if (marker == 0xD9) return "corrupt JPEG: the image ends before any scan data";
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { at += 2; continue; }
            if (at + 4 > bytes.Length) return $"truncated JPEG: the file ends at byte {bytes.Length}, inside marker 0x{marker:X2}";
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2));
            if (at + 2 + length > bytes.Length)
                return $"truncated JPEG: segment 0x{marker:X2} at byte {at} declares {length} bytes, the file ends {bytes.Length - at - 2} bytes in";
            at += 2 + length;
            if (marker == 0xDA)
                return bytes.AsSpan(at).IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0 ? null : $"truncated JPEG: no end-of-image marker after the scan data ({bytes.Length} bytes)";
        }
    }
}
