namespace Myelin.Demos; internal static class AssemblyMarker { }
