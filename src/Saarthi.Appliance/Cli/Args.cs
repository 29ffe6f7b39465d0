namespace Saarthi.Appliance.Cli;

/// <summary>A verb's arguments: "--name value" options, "--flag" switches and positional words.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    public Args(IEnumerable<string> args, IReadOnlySet<string> switches)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(switches);
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a == "--") { _positional.AddRange(list.Skip(i + 1)); break; }
            if (a == "-o") a = "--output"; // the one short option: "say -o out.wav"
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                int eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) { _options[name[..eq]] = name[(eq + 1)..]; continue; }
                if (switches.Contains(name)) { _options[name] = null; continue; }
                if (i + 1 >= list.Count) throw new UsageException($"option --{name} needs a value");
                _options[name] = list[++i];
            }
            else _positional.Add(a);
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public int GetInt(string name, int fallback) =>
        _options.TryGetValue(name, out var v) && v is not null
            ? int.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new UsageException($"--{name} must be a positive whole number")
            : fallback;
}

/// <summary>A mistake in how a verb was called; the message says what to type instead.</summary>
public sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception inner) : base(message, inner) { }
}
