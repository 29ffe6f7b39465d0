namespace Saarthi.Knowledge.Model;

/// <summary>Text in several languages, keyed by language code ("en", "hi", …).</summary>
public sealed class LocalizedText
{
    public static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    public LocalizedText(IReadOnlyDictionary<string, string> values) => Values = values;

    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The text in <paramref name="language"/>, else Hindi, else English, else any; empty if none.</summary>
    public string Get(string language) => Localized.Pick(Values, language) ?? string.Empty;

    public bool Has(string language) => Values.ContainsKey(language);
}

/// <summary>A list of short texts (criteria, documents, steps) in several languages.</summary>
public sealed class LocalizedList
{
    public static readonly LocalizedList Empty = new(new Dictionary<string, IReadOnlyList<string>>());

    public LocalizedList(IReadOnlyDictionary<string, IReadOnlyList<string>> values) => Values = values;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; }

    public IReadOnlyList<string> Get(string language) => Localized.Pick(Values, language) ?? [];
}

internal static class Localized
{
    // The design's fallback order for anything a caller hears: their language, then Hindi, then English.
    public static T? Pick<T>(IReadOnlyDictionary<string, T> values, string language) where T : class
    {
        if (values.TryGetValue(language, out var v)) return v;
        if (values.TryGetValue("hi", out v)) return v;
        if (values.TryGetValue("en", out v)) return v;
        return values.Count > 0 ? values.First().Value : null;
    }
}
