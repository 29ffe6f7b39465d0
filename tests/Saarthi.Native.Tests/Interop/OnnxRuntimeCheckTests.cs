using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>
/// The trial load through ONNX Runtime's C API: models whose graph ORT refuses are turned away with ORT's own reason
/// before sherpa-onnx (which would abort on ORT's C++ exception) sees them.
/// </summary>
public sealed class OnnxRuntimeCheckTests
{
    [Fact]
    public void Version_IsThePinnedOnnxRuntime()
    {
        Assert.Equal("1.27.0", OnnxRuntimeCheck.Version);
    }

    [Fact]
    public void TryLoad_TinyVoiceAndSilero_Load()
    {
        using var files = new TempVoice();

        Assert.Null(OnnxRuntimeCheck.TryLoad(files.Settings.ModelPath));
        Assert.Null(OnnxRuntimeCheck.TryLoad(NativePaths.FindModel("silero_vad.onnx")!));
    }

    [Fact]
    public void TryLoad_UnknownOperator_GivesOrtsReason()
    {
        using var files = new TempVoice();
        File.WriteAllBytes(files.Settings.ModelPath, PiperShaped("NoSuchOp"));

        Assert.Contains("No Op registered for NoSuchOp", OnnxRuntimeCheck.TryLoad(files.Settings.ModelPath));
    }

    [Fact]
    public void Create_VoiceWithAGraphOrtRefuses_IsRefusedNotAborted()
    {
        using var files = new TempVoice();
        File.WriteAllBytes(files.Settings.ModelPath, PiperShaped("NoSuchOp"));

        var ex = Assert.Throws<SherpaOnnxException>(() => VitsVoice.Create(files.Settings));

        Assert.Equal(-2, ex.NativeCode);
        Assert.Contains("ONNX Runtime cannot run", ex.Message);
        Assert.Contains("NoSuchOp", ex.Message);
    }

    [Fact]
    public void Create_VoiceWithATypeError_IsRefusedNotAborted()
    {
        using var files = new TempVoice();
        File.WriteAllBytes(files.Settings.ModelPath, PiperShaped("Sin", sinOfInt: true));

        var ex = Assert.Throws<SherpaOnnxException>(() => VitsVoice.Create(files.Settings));

        Assert.Contains("Type Error", ex.Message);
    }

    [Fact]
    public void Create_VoiceThatLoadsButFailsToRun_IsRefusedNotAborted()
    {
        // Loads fine; fails only when run: its output is reshaped to exactly 7 samples whatever the input length.
        using var files = new TempVoice();
        var model = new OnnxModelWriter()
            .Input("input", OnnxElementType.Integer64, 1, "N")
            .Input("input_lengths", OnnxElementType.Integer64, 1)
            .Input("scales", OnnxElementType.Real32, 3)
            .Output("output", OnnxElementType.Real32, 1, 1, 7)
            .Constant("seven", [1L, 1L, 7L], 3)
            .Node("Cast", ["input"], ["ids"], new OnnxNodeOption("to", IntegerValue: 1))
            .Node("Reshape", ["ids", "seven"], ["output"])
            .Metadata("comment", "piper").Metadata("language", "English").Metadata("voice", "en-us")
            .Metadata("n_speakers", "1").Metadata("sample_rate", "22050")
            .ToArray();
        File.WriteAllBytes(files.Settings.ModelPath, model);

        Assert.Null(OnnxRuntimeCheck.TryLoad(files.Settings.ModelPath));
        var ex = Assert.Throws<SherpaOnnxException>(() => VitsVoice.Create(files.Settings));

        Assert.Contains("ONNX Runtime cannot run", ex.Message);
        Assert.Contains("Reshape", ex.Message);
    }

    [Fact]
    public void TryLoad_TrialRunOfTheTinyVoice_Succeeds()
    {
        using var files = new TempVoice(new TinyVitsVoiceSpec { Speakers = 2 });
        OnnxTrialInput[] inputs =
        [
            new("input", [1, 3], Integers: [1, 20, 2]),
            new("input_lengths", [1], Integers: [3]),
            new("scales", [3], Reals: [0.667f, 1f, 0.8f]),
            new("sid", [1], Integers: [1]),
        ];

        Assert.Null(OnnxRuntimeCheck.TryLoad(files.Settings.ModelPath, inputs, ["output"]));
        Assert.Contains("sid", OnnxRuntimeCheck.TryLoad(files.Settings.ModelPath, inputs[..3], ["output"]));
    }

    [Fact]
    public void CreateVad_GraphOrtRefuses_IsRefusedNotAborted()
    {
        using var files = new TempVoice();
        var path = files.PathOf("silero_vad.onnx");
        var model = new OnnxModelWriter()
            .Input("input", OnnxElementType.Real32, 1, 512)
            .Output("output", OnnxElementType.Real32, 1, 512)
            .Node("NoSuchOp", ["input"], ["output"])
            .Metadata("padding", new string('x', 2048)) // past the size floor of the structural check
            .ToArray();
        File.WriteAllBytes(path, model);

        var ex = Assert.Throws<SherpaOnnxException>(() => SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = path }));

        Assert.Contains("ONNX Runtime cannot load", ex.Message);
    }

    /// <summary>A model with a Piper voice's inputs, output and metadata whose one node is <paramref name="op"/>.</summary>
    private static byte[] PiperShaped(string op, bool sinOfInt = false) =>
        new OnnxModelWriter()
            .Input("input", OnnxElementType.Integer64, 1, "N")
            .Input("input_lengths", OnnxElementType.Integer64, 1)
            .Input("scales", OnnxElementType.Real32, 3)
            .Output("output", OnnxElementType.Real32, 1, 1, "T")
            .Node(op, [sinOfInt ? "input" : "scales"], ["output"])
            .Metadata("comment", "piper").Metadata("language", "English").Metadata("voice", "en-us")
            .Metadata("n_speakers", "1").Metadata("sample_rate", "22050")
            .ToArray();
}
