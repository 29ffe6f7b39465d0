using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>The ONNX reader that stands between a voice file and ONNX Runtime's uncaught parse errors.</summary>
public sealed class OnnxModelInfoTests
{
    [Fact]
    public void Read_TinyVoice_ListsWhatTheWriterWrote()
    {
        var bytes = TinyVitsVoice.Model(new TinyVitsVoiceSpec { Speakers = 2, SampleRate = 16000 });

        var info = OnnxModelInfo.Read(new MemoryStream(bytes));

        Assert.Equal(8, info.IrVersion);
        Assert.Equal(13, info.Opsets[string.Empty]);
        Assert.Equal(["input", "input_lengths", "scales", "sid"], info.Inputs.Select(i => i.Name));
        Assert.Equal([OnnxElementType.Integer64, OnnxElementType.Integer64, OnnxElementType.Real32, OnnxElementType.Integer64], info.Inputs.Select(i => i.ElementType));
        Assert.Equal("output", Assert.Single(info.Outputs).Name);
        Assert.Equal("16000", info.Metadata["sample_rate"]);
        Assert.Equal("2", info.Metadata["n_speakers"]);
        Assert.Equal("piper", info.Metadata["comment"]);
    }

    [Fact]
    public void Read_EveryTruncation_IsAFormatErrorOrLosesMetadata()
    {
        // protobuf cannot tell a cut between two fields from a shorter message; metadata comes last (field 14), so
        // such a cut loses keys, which the voice check then names.
        var bytes = TinyVitsVoice.Model(new TinyVitsVoiceSpec());
        var whole = OnnxModelInfo.Read(new MemoryStream(bytes)).Metadata.Count;
        var formatErrors = 0;

        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                var info = OnnxModelInfo.Read(new MemoryStream(bytes.AsSpan(0, length).ToArray()));
                Assert.True(info.Metadata.Count < whole, $"a cut at {length} of {bytes.Length} bytes kept all metadata");
            }
            catch (OnnxModelFormatException)
            {
                formatErrors++;
            }
        }

        Assert.True(formatErrors > bytes.Length * 0.9, $"{formatErrors} format errors in {bytes.Length} cuts");
    }

    [Fact]
    public void Read_RandomBytes_IsAFormatError()
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(16, 4096)];
            random.NextBytes(bytes);
            Assert.Throws<OnnxModelFormatException>(() => OnnxModelInfo.Read(new MemoryStream(bytes)));
        }
    }

    [Fact]
    public void Read_MissingFile_IsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => OnnxModelInfo.Read("/nonexistent/model.onnx"));
    }
}
