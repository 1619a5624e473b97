namespace Myelin.Agents; internal static class AssemblyMarker { }
