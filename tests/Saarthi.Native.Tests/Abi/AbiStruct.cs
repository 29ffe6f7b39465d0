using System.Reflection;
using System.Runtime.InteropServices;

namespace Saarthi.Native.Tests.Abi;

/// <summary>One field of a mirrored struct: its C# name and the C member designator <c>offsetof</c> takes (e.g. <c>greedy.best_of</c>).</summary>
public sealed record AbiField(string ManagedName, string CDesignator);

/// <summary>
/// A C struct mirrored in C#: the header that declares it, the C type expression, the C# type and every field.
/// The probe prints <c>sizeof</c>/<c>offsetof</c> for each from a C program compiled against the real headers in
/// <c>native/include</c> and compares them with <see cref="Marshal.SizeOf(Type)"/>/<see cref="Marshal.OffsetOf(Type, string)"/>.
/// </summary>
public sealed record AbiStruct(string Header, string CType, Type ManagedType, IReadOnlyList<AbiField> Fields)
{
    /// <summary>A unique name for test cases and the generated C: the C type without "struct ".</summary>
    public string Name => CType.Replace("struct ", string.Empty, StringComparison.Ordinal).Trim();

    /// <summary>
    /// Describes <paramref name="managedType"/> field by field, in declaration order. A field's C designator is its C#
    /// name unless <paramref name="renames"/> maps it (flattened nested structs: <c>greedy_best_of</c> → <c>greedy.best_of</c>).
    /// </summary>
    public static AbiStruct Of(Type managedType, string header, string cType, params (string Managed, string C)[] renames)
    {
        ArgumentNullException.ThrowIfNull(managedType);
        var map = renames.ToDictionary(r => r.Managed, r => r.C, StringComparer.Ordinal);
        var unknown = map.Keys.Where(k => managedType.GetField(k, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{managedType.Name} has no field(s) {string.Join(", ", unknown)}.", nameof(renames));
        }

        var fields = InstanceFields(managedType)
            .Select(f => new AbiField(f.Name, map.GetValueOrDefault(f.Name, f.Name)))
            .ToList();
        return new AbiStruct(header, cType, managedType, fields);
    }

    /// <summary>Instance fields in declaration (metadata) order.</summary>
    public static IEnumerable<FieldInfo> InstanceFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.MetadataToken);

    /// <summary>Bytes a field occupies: pointers and function pointers are pointer-sized, nested structs their marshalled size.</summary>
    public static int FieldSize(Type fieldType) =>
        fieldType.IsPointer || fieldType.IsFunctionPointer || fieldType == typeof(nint) || fieldType == typeof(nuint)
            ? IntPtr.Size
            : Marshal.SizeOf(fieldType);
}

/// <summary>
/// A library's list of mirrored structs. The ABI tests find every implementation in this assembly, so adding a
/// library's structs is one new file, e.g.
/// <code>
/// public sealed class LlamaAbi : IAbiCatalog
/// {
///     public IEnumerable&lt;AbiStruct&gt; Structs =>
///     [
///         AbiStruct.Of(typeof(LlamaModelParams), "llama.h", "struct llama_model_params"),
///         AbiStruct.Of(typeof(LlamaBatch), "llama.h", "struct llama_batch"),
///     ];
/// }
/// </code>
/// The header must be in <c>native/include</c>; flattened nested members are mapped with renames.
/// </summary>
public interface IAbiCatalog
{
    IEnumerable<AbiStruct> Structs { get; }
}

/// <summary>Every struct of every <see cref="IAbiCatalog"/> in this assembly.</summary>
public static class AbiCatalogs
{
    public static IReadOnlyList<AbiStruct> All { get; } =
    [
        .. typeof(AbiCatalogs).Assembly.GetTypes()
            .Where(t => typeof(IAbiCatalog).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .SelectMany(t => ((IAbiCatalog)Activator.CreateInstance(t)!).Structs),
    ];

    public static AbiStruct Find(string name) =>
        All.SingleOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No ABI entry named {name}.", nameof(name));
}
