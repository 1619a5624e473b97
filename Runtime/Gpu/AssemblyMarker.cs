namespace Myelin.Gpu; internal static class AssemblyMarker { }
