using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits its kernel wrappers into a dynamic assembly of this name; our
// kernels and argument structs are internal, so it must see them.
[assembly: InternalsVisibleTo("ILGPURuntime")]
