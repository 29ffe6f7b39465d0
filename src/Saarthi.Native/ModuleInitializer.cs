using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Saarthi.Native;

internal static class ModuleInitializer
{
    /// <summary>Registers the resolver for this assembly's own <c>[LibraryImport]</c>s before any of them can run.</summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The resolver must be installed before the first P/Invoke of this assembly; it has no other side effect.")]
    internal static void Initialize() => NativeLibraryResolver.Register(typeof(ModuleInitializer).Assembly);
}
