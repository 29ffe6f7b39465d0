using Saarthi.Speech.Audio;
using Saarthi.Speech.Tests.Audio;

namespace Saarthi.Speech.Tests.Dtmf;

/// <summary>
/// Ten minutes of synthetic speech at 8 kHz for talk-off testing: English and Hindi sentences about welfare schemes,
/// spoken by espeak-ng in several voices, pitches and speeds, resampled 22050→8000 with <see cref="Resampler"/>
/// frame by frame, cut (or looped) to ten minutes, with the level cycling through 0 dB, +9 dB (clipping) and −18 dB.
/// </summary>
public sealed class SpeechCorpusFixture : IDisposable
{
    public const int SampleRate = 8000;
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(10);

    private static readonly string[] English =
    [
        "Under PM Kisan, every eligible farmer family receives six thousand rupees a year in three instalments.",
        "Please say the name of the scheme you want to know about, or press one for pensions.",
        "Ayushman Bharat gives health cover of five lakh rupees per family per year for hospital care.",
        "You can apply at your Common Service Centre. Bring your Aadhaar card and bank passbook.",
        "The old age pension is paid every month to people above sixty years who have no regular income.",
        "Is your name on the ration card? Then you can get five kilograms of grain free every month.",
        "Press nine to hear this again. Press the star key to go back to the main menu.",
        "Widows, disabled persons and senior citizens may be eligible for the national social assistance programme.",
        "My mother is seventy two years old, and she has not received her pension since March.",
        "Hello? Hello? Can you hear me? The line is very bad today, I am calling from the field.",
        "Ujjwala gives a free gas connection to women from poor households. The first refill is also free.",
        "Under MGNREGA, every rural household can ask for one hundred days of paid work in a year.",
        "What documents do I need? Do I need a caste certificate, or is the income certificate enough?",
        "The scholarship amount is transferred directly to the student's bank account before the exam season.",
        "Yes. No. Maybe. One, two, three, four, five, six, seven, eight, nine, zero, hash, star.",
        "Sukanya Samriddhi accounts can be opened for a girl child below ten years at any post office.",
        "The crop insurance premium is two percent for kharif crops and one and a half percent for rabi crops.",
        "Thank you for calling. Have a good day, and remember to check your bank account next week.",
        "Ooooh, aaaah, eeee, mmmm, hmm, okay, alright, sure, right, well, you know, I mean.",
        "Seven hundred and seventy, eight hundred and fifty two, nine hundred and forty one, twelve hundred and nine.",
    ];

    private static readonly string[] Hindi =
    [
        "प्रधानमंत्री किसान सम्मान निधि योजना में किसान परिवार को हर साल छह हज़ार रुपये मिलते हैं।",
        "आप जिस योजना के बारे में जानना चाहते हैं, उसका नाम बोलिए, या पेंशन के लिए एक दबाइए।",
        "आयुष्मान भारत योजना में हर परिवार को पाँच लाख रुपये तक का मुफ़्त इलाज मिलता है।",
        "आवेदन के लिए अपने नज़दीकी जन सेवा केंद्र जाइए। आधार कार्ड और बैंक पासबुक साथ ले जाइए।",
        "वृद्धावस्था पेंशन साठ साल से ऊपर के उन लोगों को हर महीने मिलती है जिनकी कोई नियमित आय नहीं है।",
        "क्या आपका नाम राशन कार्ड में है? तो आपको हर महीने पाँच किलो अनाज मुफ़्त मिल सकता है।",
        "दोबारा सुनने के लिए नौ दबाइए। मुख्य सूची पर लौटने के लिए स्टार दबाइए।",
        "मेरी माँ बहत्तर साल की हैं और मार्च से उनकी पेंशन नहीं आई है।",
        "हैलो? हैलो? आवाज़ आ रही है? आज लाइन बहुत ख़राब है, मैं खेत से बोल रहा हूँ।",
        "उज्ज्वला योजना में ग़रीब परिवार की महिलाओं को मुफ़्त गैस कनेक्शन मिलता है।",
        "मनरेगा में हर ग्रामीण परिवार साल में सौ दिन का काम माँग सकता है।",
        "कौन से कागज़ चाहिए? जाति प्रमाण पत्र चाहिए या आय प्रमाण पत्र काफ़ी है?",
        "छात्रवृत्ति की राशि सीधे विद्यार्थी के बैंक खाते में भेजी जाती है।",
        "हाँ। नहीं। शायद। एक, दो, तीन, चार, पाँच, छह, सात, आठ, नौ, शून्य।",
        "सुकन्या समृद्धि खाता दस साल से कम उम्र की बेटी के लिए किसी भी डाकघर में खुल सकता है।",
        "फ़सल बीमा का प्रीमियम ख़रीफ़ के लिए दो प्रतिशत और रबी के लिए डेढ़ प्रतिशत है।",
        "फ़ोन करने के लिए धन्यवाद। अगले हफ़्ते अपना बैंक खाता ज़रूर देख लीजिए।",
        "अच्छा, ठीक है, हम्म, जी हाँ, बिल्कुल, सही बात है, देखिए, मतलब, समझ गया।",
        "विधवा, दिव्यांग और बुज़ुर्ग लोग राष्ट्रीय सामाजिक सहायता कार्यक्रम के पात्र हो सकते हैं।",
        "सात सौ सत्तर, आठ सौ बावन, नौ सौ इकतालीस, बारह सौ नौ, तेरह सौ छत्तीस।",
    ];

    // voice, pitch (0-99), words per minute
    private static readonly (string Voice, string Pitch, string Speed, string[] Text)[] Variants =
    [
        ("en", "50", "165", English),
        ("en-us+f3", "75", "150", English),
        ("en+m3", "30", "190", English),
        ("hi", "50", "160", Hindi),
        ("hi+f2", "80", "140", Hindi),
        ("hi+m7", "35", "185", Hindi),
    ];

    public SpeechCorpusFixture()
    {
        using var dir = new TempDir();
        var unique = new List<short>();
        var index = 0;
        foreach (var (voice, pitch, speed, text) in Variants)
        {
            var textFile = dir.File($"text{index}.txt");
            var wav = dir.File($"speech{index}.wav");
            File.WriteAllLines(textFile, text);
            ExternalTool.Run("espeak-ng", "-v", voice, "-p", pitch, "-s", speed, "-f", textFile, "-w", wav);
            using var reader = WavReader.Open(wav);
            SourceRate = reader.Format.SampleRate;
            var resampler = new Resampler(reader.Format.SampleRate, SampleRate);
            var block = new float[reader.Format.SampleRate / 50]; // 20 ms frames, as audio arrives in a call
            int n;
            while ((n = reader.Read(block)) > 0)
            {
                unique.AddRange(SampleConvert.ToInt16(resampler.Process(block.AsSpan(0, n))));
            }

            unique.AddRange(SampleConvert.ToInt16(resampler.Flush()));
            index++;
        }

        UniqueDuration = TimeSpan.FromSeconds(unique.Count / (double)SampleRate);

        // Loop (if short) to ten minutes, cycling the level every 20 s: 0 dB, +9 dB (driven into clipping), −18 dB.
        var total = (int)(Length.TotalSeconds * SampleRate);
        var samples = new short[total];
        float[] gains = [1f, AudioLevel.FromDbfs(9), AudioLevel.FromDbfs(-18)];
        for (var i = 0; i < total; i++)
        {
            var v = unique[i % unique.Count] * gains[i / (20 * SampleRate) % gains.Length];
            samples[i] = (short)Math.Clamp(v, short.MinValue, short.MaxValue);
        }

        Samples = samples;
        RmsDbfs = AudioLevel.RmsDbfs(unique.ToArray());
    }

    public short[] Samples { get; }

    public TimeSpan UniqueDuration { get; }

    public int SourceRate { get; private set; }

    /// <summary>Level of the speech at unity gain.</summary>
    public float RmsDbfs { get; }

    public void Dispose()
    {
    }
}
