#if !NET9_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

/// <summary>
/// The .NET 9 vector APIs the CPU kernels call, supplied for the net8.0 build (Godot 4, Stride and
/// MonoGame hosts) as C# 14 static extension members, so the kernels keep one source for both targets.
/// Each maps to the instruction .NET 9 emits for it (vfmadd, vminps, the AVX masked moves) when the CPU has
/// it and to the plain vector expression otherwise. This file is the whole difference between the
/// targets: nothing here compiles into the net10.0 assembly.
/// </summary>
internal static class Net8Intrinsics
{
    extension(Vector512)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
            Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MinNative(Vector512<float> a, Vector512<float> b) =>
            Avx512F.IsSupported ? Avx512F.Min(a, b) : Vector512.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MaxNative(Vector512<float> a, Vector512<float> b) =>
            Avx512F.IsSupported ? Avx512F.Max(a, b) : Vector512.Max(a, b);
    }

    extension(Vector256)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MinNative(Vector256<float> a, Vector256<float> b) =>
            Avx.IsSupported ? Avx.Min(a, b) : Vector256.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MaxNative(Vector256<float> a, Vector256<float> b) =>
            Avx.IsSupported ? Avx.Max(a, b) : Vector256.Max(a, b);
    }

    extension(Vector128)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;
    }

    extension(Vector512<int>)
    {
        /// <summary>0, 1, ..., 15.</summary>
        public static Vector512<int> Indices => Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    // .NET 8 has no 512-bit masked load or store; the kernels call them only where Avx512F.IsSupported,
    // which implies AVX, whose 256-bit masked moves (vmaskmovps) never touch a masked-out lane's memory.
    extension(Avx512F)
    {
        /// <summary>Lanes whose <paramref name="mask"/> is all ones load from <paramref name="address"/>; the others take <paramref name="merge"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector512<float> MaskLoad(float* address, Vector512<float> mask, Vector512<float> merge)
        {
            var loaded = Vector512.Create(Avx.MaskLoad(address, mask.GetLower()), Avx.MaskLoad(address + 8, mask.GetUpper()));
            return Vector512.ConditionalSelect(mask, loaded, merge);
        }

        /// <summary>Stores the lanes of <paramref name="source"/> whose <paramref name="mask"/> is all ones.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void MaskStore(float* address, Vector512<float> mask, Vector512<float> source)
        {
            Avx.MaskStore(address, mask.GetLower(), source.GetLower());
            Avx.MaskStore(address + 8, mask.GetUpper(), source.GetUpper());
        }
    }
}
#endif
