using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Pocketsphinx;

/// <summary>
/// Raw imports from Debian's <c>libpocketsphinx.so.3</c> and <c>libsphinxbase.so.3</c> (0.8+5prealpha, the OLD API:
/// <c>cmd_ln_parse_r</c> + <c>ps_init</c>; there is no <c>ps_config_init</c>). C names on purpose; every pointer is an
/// opaque handle (<c>cmd_ln_t</c>, <c>ps_decoder_t</c>, <c>ps_seg_t</c>, <c>logmath_t</c>), so no struct layouts are mirrored.
/// Return conventions: <c>int</c> results are 0 (or a count) on success and negative on failure.
/// </summary>
internal static unsafe partial class PocketsphinxNative
{
    // ---- sphinxbase: configuration -------------------------------------------------------------------------------

    /// <summary>
    /// <c>cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *inout_cmdln, arg_t const *defn, int32 argc, char *argv[], int32 strict)</c>:
    /// parses <c>-name value</c> pairs against <paramref name="defn"/> (<see cref="ps_args"/>); NULL on a bad argument.
    /// </summary>
    [LibraryImport(NativeLibraryNames.SphinxBase)]
    internal static partial nint cmd_ln_parse_r(nint inout_cmdln, nint defn, int argc, byte** argv, int strict);

    /// <summary>Drops one reference; frees the object when none are left. Returns the references remaining.</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase)]
    internal static partial int cmd_ln_free_r(nint cmdln);

    /// <summary>Adds a reference (the decoder keeps one on its configuration).</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase)]
    internal static partial nint cmd_ln_retain(nint cmdln);

    /// <summary>A string option (owned by the configuration), or NULL.</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial byte* cmd_ln_str_r(nint cmdln, string name);

    /// <summary>Whether <paramref name="name"/> is a known option (1) or not (0).</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int cmd_ln_exists_r(nint cmdln, string name);

    /// <summary><c>void ckd_free(void *ptr)</c>: frees memory sphinxbase allocated for the caller (e.g. <see cref="ps_lookup_word"/>).</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase)]
    internal static partial void ckd_free(void* ptr);

    /// <summary><c>float64 logmath_exp(logmath_t *lmath, int logb_p)</c>: converts a log-base score to a linear value.</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase)]
    internal static partial double logmath_exp(nint lmath, int logb_p);

    /// <summary><c>float64 logmath_get_base(logmath_t *lmath)</c>: the log base (1.0001 by default).</summary>
    [LibraryImport(NativeLibraryNames.SphinxBase)]
    internal static partial double logmath_get_base(nint lmath);

    /// <summary>
    /// libc <c>int fflush(FILE *stream)</c> with NULL: flushes every open output stream, sphinxbase's log file among
    /// them (it is fully buffered), before the error funnel reads pocketsphinx's last message from it.
    /// </summary>
    [LibraryImport("libc")]
    internal static partial int fflush(nint stream);

    // ---- pocketsphinx: decoder lifetime --------------------------------------------------------------------------

    /// <summary>The static <c>arg_t</c> table describing every decoder option (never freed).</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial nint ps_args();

    /// <summary>Creates a decoder (≈0.2–0.5 s: loads the acoustic model and dictionary). Retains <paramref name="config"/>. NULL on failure.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial nint ps_init(nint config);

    /// <summary>Drops one reference; frees the decoder when none are left.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_free(nint ps);

    /// <summary>The decoder's <c>logmath_t</c> (owned by the decoder).</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial nint ps_get_logmath(nint ps);

    // ---- dictionary ------------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>int ps_add_word(ps_decoder_t *ps, char const *word, char const *phones, int update)</c>: adds a word (or an
    /// alternate pronunciation, named <c>word(2)</c>) with space-separated phones. <paramref name="update"/> = 1 rebuilds
    /// the searches, so pass 0 for all but the last of a batch. Returns the word id, or negative on failure.
    /// </summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_add_word(nint ps, string word, string phones, int update);

    /// <summary>The phones of a word, newly allocated (free with <see cref="ckd_free"/>), or NULL when the word is unknown.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial byte* ps_lookup_word(nint ps, string word);

    // ---- searches ---------------------------------------------------------------------------------------------------

    /// <summary>Parses a JSGF grammar from a string and registers it as search <paramref name="name"/>.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_jsgf_string(nint ps, string name, string jsgf_string);

    /// <summary>Loads an N-gram language model file (ARPA or DMP/bin) as search <paramref name="name"/>.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_lm_file(nint ps, string name, string path);

    /// <summary>Makes <paramref name="name"/> the active search for the next utterance.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_set_search(nint ps, string name);

    /// <summary>The active search name (owned by the decoder), or NULL.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial byte* ps_get_search(nint ps);

    /// <summary>Removes a search (it must not be the active one).</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ps_unset_search(nint ps, string name);

    // ---- decoding ---------------------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_start_utt(nint ps);

    /// <summary>
    /// <c>int ps_process_raw(ps_decoder_t *ps, int16 const *data, size_t n_samples, int no_search, int full_utt)</c>:
    /// feeds 16-bit mono PCM at the configured rate. Returns the number of frames searched, negative on failure.
    /// </summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_process_raw(nint ps, short* data, nuint n_samples, int no_search, int full_utt);

    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_end_utt(nint ps);

    /// <summary>
    /// The best hypothesis (owned by the decoder, valid until the next call) and its path score, or NULL. Crashes in
    /// 0.8 when no search is active, so the wrapper only calls it after a successful <see cref="ps_start_utt"/>.
    /// </summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial byte* ps_get_hyp(nint ps, int* out_best_score);

    /// <summary>Log posterior of the best hypothesis (logmath units; 0 = probability 1 when <c>-bestpath</c> is off).</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_get_prob(nint ps);

    /// <summary>Feature frames (10 ms each at the default <c>-frate 100</c>) in the last utterance.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_get_n_frames(nint ps);

    // ---- word segmentation of the best hypothesis ------------------------------------------------------------------

    /// <summary>An iterator over the best path's words (free with <see cref="ps_seg_free"/> unless iterated to the end), or NULL.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial nint ps_seg_iter(nint ps);

    /// <summary>The next segment, or NULL at the end (the iterator is freed then).</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial nint ps_seg_next(nint seg);

    /// <summary>The segment's word, with any <c>(2)</c> alternate suffix (owned by the decoder).</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial byte* ps_seg_word(nint seg);

    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial void ps_seg_frames(nint seg, int* out_sf, int* out_ef);

    /// <summary>Returns the segment's log posterior; outputs acoustic, language and back-off scores.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial int ps_seg_prob(nint seg, int* out_ascr, int* out_lscr, int* out_lback);

    [LibraryImport(NativeLibraryNames.PocketSphinx)]
    internal static partial void ps_seg_free(nint seg);
}
