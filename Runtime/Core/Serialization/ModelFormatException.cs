namespace Myelin.Serialization;

/// <summary>
/// A model file is truncated, corrupted, of another format version, or does not fit the model. The
/// message passes through <see cref="Text.Escape"/>: it quotes names from the file, which must not
/// reach a terminal as control sequences.
/// </summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(Text.Escape(message), inner);
