namespace Myelin.Graphics.Platform;

/// <summary>A window, display or GL context could not be made; the message says how to fix it.</summary>
public sealed class PlatformException(string message, Exception? inner = null) : Exception(message, inner);
