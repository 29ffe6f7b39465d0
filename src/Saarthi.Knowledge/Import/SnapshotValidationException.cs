namespace Saarthi.Knowledge.Import;

/// <summary>A snapshot file that cannot be served; <see cref="Problems"/> names each scheme and field at fault.</summary>
public sealed class SnapshotValidationException : Exception
{
    public SnapshotValidationException(string source, IReadOnlyList<string> problems)
        : base($"{source}: snapshot rejected, {problems.Count} problem(s): " + string.Join("; ", problems.Take(10)) +
               (problems.Count > 10 ? $"; … and {problems.Count - 10} more" : string.Empty))
    {
        Problems = problems;
    }

    public SnapshotValidationException() : this("snapshot", []) { }

    public SnapshotValidationException(string message) : base(message) => Problems = [message];

    public SnapshotValidationException(string message, Exception innerException) : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; } = [];
}
