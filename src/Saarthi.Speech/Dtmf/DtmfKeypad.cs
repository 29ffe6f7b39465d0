namespace Saarthi.Speech.Dtmf;

/// <summary>The ITU-T Q.23 DTMF matrix: four low-group (row) and four high-group (column) frequencies.</summary>
public static class DtmfKeypad
{
    /// <summary>Row (low-group) frequencies in Hz.</summary>
    public static IReadOnlyList<int> RowFrequencies { get; } = [697, 770, 852, 941];

    /// <summary>Column (high-group) frequencies in Hz.</summary>
    public static IReadOnlyList<int> ColumnFrequencies { get; } = [1209, 1336, 1477, 1633];

    /// <summary>All 16 keys, row by row.</summary>
    public const string Keys = "123A456B789C*0#D";

    public static bool IsKey(char key) => Keys.Contains(char.ToUpperInvariant(key), StringComparison.Ordinal);

    /// <summary>Row and column index of <paramref name="key"/> (case-insensitive for A–D).</summary>
    public static (int Row, int Column) Position(char key)
    {
        var index = Keys.IndexOf(char.ToUpperInvariant(key), StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, "Not a DTMF key; keys are 0-9, *, #, A-D.");
        }

        return (index / 4, index % 4);
    }

    /// <summary>Low and high frequency of <paramref name="key"/> in Hz.</summary>
    public static (int Low, int High) Frequencies(char key)
    {
        var (row, column) = Position(key);
        return (RowFrequencies[row], ColumnFrequencies[column]);
    }

    public static char KeyAt(int row, int column) => Keys[(row * 4) + column];
}
