using Saarthi.Dialogue.Llm;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class SentenceBufferTests
{
    [Fact]
    public void Append_StreamedPieces_ReleasesEachSentenceWhenItEnds()
    {
        var buffer = new SentenceBuffer();

        Assert.Empty(buffer.Append("PM-KISAN gives Rs. 6,0"));
        Assert.Empty(buffer.Append("00 a year."));
        Assert.Equal(["PM-KISAN gives Rs. 6,000 a year."], buffer.Append(" It is paid in 1.5"));
        Assert.Equal(["It is paid in 1.5 parts।"], buffer.Append(" parts। Apply"));
        Assert.Equal("Apply", buffer.Flush());
    }

    [Fact]
    public void Split_Text_KeepsNumbersAndAbbreviationsWhole()
    {
        Assert.Equal(["Call No. 14 now.", "हर साल ₹6,000 मिलते हैं।", "Done!"], SentenceBuffer.Split("Call No. 14 now. हर साल ₹6,000 मिलते हैं। Done!"));
    }
}
