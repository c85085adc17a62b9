using System.Text;
using RagAgent.Samples.Runs;
using RagAgent.Samples.TensorBoard;

namespace RagAgent.Tests.Samples.TensorBoard;

public sealed class TensorBoardLogTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-tb-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Crc32C_CheckValue_MatchesTheStandardAndTheIndependentImplementation()
    {
        byte[] check = Encoding.ASCII.GetBytes("123456789");

        Assert.That(Crc32C.Compute(check), Is.EqualTo(0xE3069283u), "the CRC-32C check value");
        Assert.That(EventFileReader.Crc32C(check), Is.EqualTo(0xE3069283u));
        byte[] random = new byte[4096];
        new Random(7).NextBytes(random);
        Assert.That(Crc32C.Compute(random), Is.EqualTo(EventFileReader.Crc32C(random)));
    }

    [Test]
    public void Log_Rows_DecodeWithBothChecksumsAndEveryFiniteColumnAsAScalar()
    {
        var row = new ProgressRow(2048, 17, 0.75, 12.5, 1, -0.01, 0.2, 1.1, 0.004, 0.1, 5000, 0.4, 0.9, 2.5e-4);
        using (TensorBoardLog log = TensorBoardLog.Open(_dir, enabled: true, resume: false)!)
        {
            log.Append(row);
            log.Append(row with { Step = 4096, MeanReturn = double.NaN });
        }

        string file = Directory.GetFiles(_dir).Single();
        Assert.That(Path.GetFileName(file), Does.StartWith("events.out.tfevents."));
        List<DecodedEvent> events = EventFileReader.Records(File.ReadAllBytes(file)).Select(EventFileReader.Event).ToList();

        Assert.That(events, Has.Count.EqualTo(3));
        Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
        Assert.That(events[0].WallTime, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).Within(60), "Unix seconds");
        Assert.That(events[1].Step, Is.EqualTo(2048));
        Assert.That(events[1].Scalars.Keys, Is.EquivalentTo(ProgressColumns.All.Select(c => c.Tag)));
        Assert.That(events[1].Scalars["rollout/mean_return"], Is.EqualTo(0.75f));
        Assert.That(events[1].Scalars["train/approx_kl"], Is.EqualTo(0.004f));
        Assert.That(events[1].Scalars["time/sps"], Is.EqualTo(5000f));
        Assert.That(events[1].Scalars["train/learning_rate"], Is.EqualTo(2.5e-4f));
        Assert.That(events[2].Step, Is.EqualTo(4096));
        Assert.That(events[2].Scalars.ContainsKey("rollout/mean_return"), Is.False, "a missing value is left out, not logged as NaN");
    }

    [Test]
    public void Reader_CorruptedByte_FailsTheDataChecksum()
    {
        using (TensorBoardLog log = TensorBoardLog.Open(_dir, enabled: true, resume: false)!)
        {
            log.Append(new ProgressRow(128, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1));
        }

        byte[] bytes = File.ReadAllBytes(Directory.GetFiles(_dir).Single());
        bytes[^6] ^= 0x01;

        Assert.That(() => EventFileReader.Records(bytes), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("data CRC"));
    }

    [Test]
    public void Open_FreshRun_RemovesEventFilesOfTheReplacedRunButAResumeKeepsThem()
    {
        string stale = Path.Combine(_dir, "events.out.tfevents.1.old-host.1");
        File.WriteAllText(stale, "old");

        TensorBoardLog.Open(_dir, enabled: true, resume: true)!.Dispose();
        Assert.That(File.Exists(stale), Is.True);

        Assert.That(TensorBoardLog.Open(_dir, enabled: false, resume: false), Is.Null);
        Assert.That(Directory.GetFiles(_dir, "events.out.tfevents.*"), Is.Empty);
    }
}
