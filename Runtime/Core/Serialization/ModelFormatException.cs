namespace Myelin.Serialization;

/// <summary>A model file is truncated, corrupted, of another format version, or does not fit the model.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(message, inner);
