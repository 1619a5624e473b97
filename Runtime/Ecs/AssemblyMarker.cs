namespace Myelin.Ecs; internal static class AssemblyMarker { }
