namespace Myelin; internal static class AssemblyMarker { }
