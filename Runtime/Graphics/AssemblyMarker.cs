namespace Myelin.Graphics; internal static class AssemblyMarker { }
