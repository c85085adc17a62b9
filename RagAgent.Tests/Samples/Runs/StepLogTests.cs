using RagAgent.Samples.Runs;

namespace RagAgent.Tests.Samples.Runs;

public sealed class StepLogTests
{
    [Test]
    public void KeepUpTo_RowsPastTheStepAndAHalfWrittenLine_AreCut()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "step,x\n128,1\n256,2\n384,3\n512,");

            int cut = StepLog.KeepUpTo(path, 256);

            Assert.That(cut, Is.EqualTo(2));
            Assert.That(File.ReadAllText(path), Is.EqualTo("step,x\n128,1\n256,2\n"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void KeepUpTo_NothingPastTheStep_LeavesTheFileAlone()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "step,x\n128,1\n");
            DateTime written = File.GetLastWriteTimeUtc(path);

            Assert.That(StepLog.KeepUpTo(path, 128), Is.Zero);
            Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
