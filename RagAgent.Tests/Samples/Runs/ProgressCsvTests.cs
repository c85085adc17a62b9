using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Runs;

public sealed class ProgressCsvTests
{
    private string _dir = string.Empty;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ragagent-csv-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Header_StartsWithTheDesignContractColumns()
    {
        Assert.That(ProgressCsv.Header, Does.StartWith(
            "step,episodes,mean_return,mean_length,success_rate,policy_loss,value_loss,entropy,approx_kl,clip_fraction,sps,wall_s,"));
        Assert.That(ProgressCsv.Header, Does.EndWith(",explained_variance,learning_rate"));
    }

    [Test]
    public void Read_FileWithOnlyTheContractColumns_ReadsOptionalOnesAsNaN()
    {
        string path = Path.Combine(_dir, "progress.csv");
        File.WriteAllText(path, "step,episodes,mean_return,mean_length,success_rate,policy_loss,value_loss,entropy,approx_kl,clip_fraction,sps,wall_s\n"
            + "128,2,0.5,10,1,0,0,0,0,0,100,1.5\n");

        ProgressRow row = ProgressCsv.Read(path).Single();

        Assert.That(row.MeanReturn, Is.EqualTo(0.5));
        Assert.That(row.LearningRate, Is.NaN);
    }

    [Test]
    [SetCulture("de-DE")]
    public void Writer_UnderCommaDecimalCulture_WritesInvariantNumbersThatReadBack()
    {
        string path = Path.Combine(_dir, "progress.csv");
        var row = new ProgressRow(2048, 17, 1.25, 30.5, 0.75, -0.0123, 0.5, 1.9, 0.004, 0.1, 1234.5, 1.66, 0.25, 0.0003);
        using (var writer = new ProgressCsvWriter(path))
        {
            writer.Append(row);
        }

        string[] lines = File.ReadAllLines(path);

        Assert.That(lines[0], Is.EqualTo(ProgressCsv.Header));
        Assert.That(lines[1], Is.EqualTo("2048,17,1.25,30.5,0.75,-0.0123,0.5,1.9,0.004,0.1,1234.5,1.66,0.25,0.0003"));
        Assert.That(ProgressCsv.Read(path), Is.EqualTo(new[] { row }));
    }

    [Test]
    public void Writer_NaNMeanReturn_WritesEmptyFieldReadBackAsNaN()
    {
        string path = Path.Combine(_dir, "progress.csv");
        using (var writer = new ProgressCsvWriter(path))
        {
            writer.Append(new ProgressRow(128, 0, double.NaN, double.NaN, double.NaN, 0, 0, 0, 0, 0, 1, 1));
        }

        Assert.That(File.ReadAllLines(path)[1], Does.StartWith("128,0,,,,"));
        Assert.That(ProgressCsv.Read(path)[0].MeanReturn, Is.NaN);
    }

    [Test]
    public void Writer_ExistingFile_AppendsWithoutSecondHeader()
    {
        string path = Path.Combine(_dir, "progress.csv");
        using (var writer = new ProgressCsvWriter(path))
        {
            writer.Append(new ProgressRow(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        using (var writer = new ProgressCsvWriter(path))
        {
            writer.Append(new ProgressRow(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        Assert.That(File.ReadAllLines(path).Count(l => l == ProgressCsv.Header), Is.EqualTo(1));
        Assert.That(ProgressCsv.Read(path).Select(r => r.Step), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void Read_MissingColumn_ThrowsNamingIt()
    {
        string path = Path.Combine(_dir, "progress.csv");
        File.WriteAllText(path, "step,episodes\n1,2\n");

        Assert.That(() => ProgressCsv.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("'mean_return'"));
    }

    [Test]
    public void Read_BadNumber_ThrowsNamingLineAndColumn()
    {
        string path = Path.Combine(_dir, "progress.csv");
        File.WriteAllText(path, ProgressCsv.Header + "\n1,2,abc,0,0,0,0,0,0,0,0,0,0,0\n");

        Assert.That(() => ProgressCsv.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(":2: column 'mean_return'"));
    }
}
