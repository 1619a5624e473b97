using System.Globalization;

namespace Myelin.Data;

/// <summary>
/// Loads a numeric CSV file as a dataset: one sample per row, comma-separated, an optional header
/// row, one column holding the target (a class index or a value) and the others the inputs.
/// </summary>
public static class Csv
{
    /// <summary>The largest CSV file read (1 GiB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>
    /// Reads <paramref name="path"/>. <paramref name="labelColumn"/> counts from 0; negative counts
    /// from the end (-1 = last column). A malformed cell throws naming the file, line and column.
    /// </summary>
    /// <exception cref="InvalidDataException">A cell is not a number, rows differ in length, or the file holds no rows.</exception>
    public static Dataset Load(string path, int labelColumn = -1, bool header = false, string? name = null)
    {
        var inputs = new List<float>();
        var targets = new List<float>();
        var columns = -1;
        var lineNumber = 0;
        // Bounded like every input file: a device or a file larger than MaxBytes fails at once, naming the file.
        using var text = new StringReader(System.Text.Encoding.UTF8.GetString(Serialization.InputFile.ReadAllBytes(path, MaxBytes)).TrimStart('\uFEFF'));
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if ((header && lineNumber == 1) || line.Trim().Length == 0) continue;
            var cells = line.Split(',');
            if (columns < 0)
            {
                columns = cells.Length;
                if (columns < 2) throw new InvalidDataException($"{path}:{lineNumber}: a row needs at least two columns (inputs and a target), found {columns}.");
                if (labelColumn < -columns || labelColumn >= columns)
                    throw new InvalidDataException($"{path}:{lineNumber}: label column {labelColumn} does not exist in a row of {columns} columns.");
            }
            else if (cells.Length != columns)
                throw new InvalidDataException($"{path}:{lineNumber}: {cells.Length} columns where the first row has {columns}.");
            var label = labelColumn < 0 ? columns + labelColumn : labelColumn;
            for (var c = 0; c < columns; c++)
            {
                if (!float.TryParse(cells[c].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                    throw new InvalidDataException($"{path}:{lineNumber}: column {c + 1} is not a number ('{Clip(cells[c])}').");
                (c == label ? targets : inputs).Add(v);
            }
        }
        if (targets.Count == 0) throw new InvalidDataException($"{path}: no data rows.");
        return new Dataset([.. inputs], new Shape(columns - 1), [.. targets], new Shape(1), name ?? Path.GetFileNameWithoutExtension(path));
    }

    private static string Clip(string cell)
    {
        var s = cell.Length > 24 ? cell[..24] + "…" : cell;
        return Text.Escape(s);
    }
}
