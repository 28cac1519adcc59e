package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.cuda.CudaLibraries.Environment;
import dev.synapse.cuda.CudaLibraries.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibrariesTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path home;
    private final Map<String, String> vars = new HashMap<>();

    private void touch(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.createFile(p);
    }

    private CudaLibraries search(String ldconfig) throws IOException {
        root = tmp.resolve("root");
        home = tmp.resolve("home");
        Files.createDirectories(root);
        Files.createDirectories(home);
        return CudaLibraries.search(new Environment(vars, home, root, ldconfig));
    }

    @Test
    void findsTheGpuMachinesLayoutDriverOnTheSystemPathLibrariesInTheVenvWheels() throws IOException {
        // The lent GPU machines: the driver in the system folder, CUDA 13's wheels beside PyTorch in /opt/torch/.venv.
        touch("root/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        String site = "root/opt/torch/.venv/lib/python3.12/site-packages/nvidia/";
        touch(site + "cu13/lib/libcublas.so.13");
        touch(site + "cu13/lib/libcublasLt.so.13");
        touch(site + "cudnn/lib/libcudnn.so.9");
        CudaLibraries libs = search("");
        assertEquals(
                tmp.resolve("root/usr/lib/x86_64-linux-gnu/libcuda.so.1"),
                libs.lookup(Library.DRIVER).path());
        assertEquals(
                tmp.resolve(site + "cu13/lib/libcublas.so.13"),
                libs.lookup(Library.CUBLAS).path());
        assertEquals(
                tmp.resolve(site + "cu13/lib/libcublasLt.so.13"),
                libs.lookup(Library.CUBLAS_LT).path());
        assertEquals(
                tmp.resolve(site + "cudnn/lib/libcudnn.so.9"),
                libs.lookup(Library.CUDNN).path());
        libs.require();
        assertTrue(libs.report().contains("found " + tmp.resolve(site + "cu13/lib/libcublas.so.13")), libs.report());
    }

    @Test
    void placesAreSearchedInOrderTheFirstHitWinning() throws IOException {
        touch("ld/libcublas.so.12");
        touch("cudahome/lib64/libcublas.so.13");
        touch("venv/lib/python3.11/site-packages/nvidia/cublas/lib/libcublas.so.12");
        touch("root/usr/local/cuda-12.4/lib64/libcublas.so.12");
        touch("root/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublas.so.13");
        vars.put("CUDA_HOME", tmp.resolve("cudahome").toString());
        vars.put("VIRTUAL_ENV", tmp.resolve("venv").toString());
        assertEquals(
                tmp.resolve("cudahome/lib64/libcublas.so.13"),
                search("").lookup(Library.CUBLAS).path());

        vars.put("LD_LIBRARY_PATH", "/nonexistent:" + tmp.resolve("ld"));
        assertEquals(
                tmp.resolve("ld/libcublas.so.12"),
                search("").lookup(Library.CUBLAS).path(),
                "LD_LIBRARY_PATH first");

        vars.clear();
        vars.put("VIRTUAL_ENV", tmp.resolve("venv").toString());
        assertEquals(
                tmp.resolve("venv/lib/python3.11/site-packages/nvidia/cublas/lib/libcublas.so.12"),
                search("").lookup(Library.CUBLAS).path(),
                "the active environment before the toolkits");

        vars.clear();
        assertEquals(
                tmp.resolve("root/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublas.so.13"),
                search("").lookup(Library.CUBLAS).path(),
                "the newest versioned toolkit first");
    }

    @Test
    void synapsePythonNamesAnEnvironmentByItsInterpreter() throws IOException {
        touch("py/bin/python3");
        touch("py/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13");
        vars.put("SYNAPSE_PYTHON", tmp.resolve("py/bin/python3").toString());
        assertEquals(
                tmp.resolve("py/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13"),
                search("").lookup(Library.CUBLAS).path());
    }

    @Test
    void cublasLtComesFromCublassFolderFirst() throws IOException {
        touch("a/libcublasLt.so.12");
        touch("b/libcublas.so.13");
        touch("b/libcublasLt.so.13");
        vars.put("LD_LIBRARY_PATH", tmp.resolve("a") + ":" + tmp.resolve("b"));
        CudaLibraries libs = search("");
        assertEquals(
                tmp.resolve("b/libcublas.so.13"), libs.lookup(Library.CUBLAS).path());
        assertEquals(
                tmp.resolve("b/libcublasLt.so.13"),
                libs.lookup(Library.CUBLAS_LT).path());
    }

    @Test
    void ldconfigEntriesAreUsedAfterTheToolkitFolders() throws IOException {
        touch("drv/libcuda.so.1");
        String ldconfig = "1234 libs found in cache `/etc/ld.so.cache'\n"
                + "\tlibcuda.so.1 (libc6) => /lib32/libcuda.so.1\n"
                + "\tlibcuda.so.1 (libc6,x86-64) => " + tmp.resolve("drv/libcuda.so.1") + "\n";
        CudaLibraries libs = search(ldconfig);
        assertEquals(
                tmp.resolve("drv/libcuda.so.1"), libs.lookup(Library.DRIVER).path(), "the 64-bit entry");
        assertTrue(libs.lookup(Library.DRIVER).looked().contains("ldconfig -p"));
        assertEquals(
                Map.of("libcuda.so.1", Path.of("/lib32/libcuda.so.1")),
                CudaLibraries.ldconfigEntries("\tlibcuda.so.1 (libc6,x86-64) => /lib32/libcuda.so.1\n"));
    }

    @Test
    void aMissingLibraryGivesOneMessageNamingEachLibraryEveryPlaceAndTheFix() throws IOException {
        touch("root/usr/local/nvidia/lib64/libcuda.so.1");
        vars.put("LD_LIBRARY_PATH", tmp.resolve("nothing-here").toString());
        CudaLibraries libs = search("");
        assertNull(libs.lookup(Library.CUBLAS).path());
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, libs::require);
        String m = e.getMessage();
        assertTrue(m.startsWith("CUDA is not available: cuBLAS, cuBLASLt were not found."), m);
        assertTrue(
                m.contains("CUDA driver (libcuda.so.1 or libcuda.so): found "
                        + tmp.resolve("root/usr/local/nvidia/lib64/libcuda.so.1")),
                m);
        assertTrue(
                m.contains("cuBLAS (libcublas.so.13 or libcublas.so.12): not found. Looked in: LD_LIBRARY_PATH: "
                        + tmp.resolve("nothing-here")
                        + "; CUDA_HOME (not set); CUDA_PATH (not set); VIRTUAL_ENV (not set);"
                        + " SYNAPSE_PYTHON (not set); CUDA toolkit: " + root.resolve("usr/local/cuda/lib64")),
                m);
        assertTrue(m.contains("ldconfig -p (not available); system: " + root.resolve("usr/lib/x86_64-linux-gnu")), m);
        assertTrue(
                m.contains(
                        "NVIDIA wheels in ~/.local: " + home.resolve(".local/lib/python3*/site-packages/nvidia/*/lib")),
                m);
        assertTrue(m.contains("Fix: pip install nvidia-cublas (CUDA 13; nvidia-cublas-cu12 for CUDA 12)"), m);
        assertTrue(m.contains("cuDNN (libcudnn.so.9, optional): not found"), m);
        assertFalse(m.contains("cuDNN were"), "an optional library is not a reason");
    }

    @Test
    void noDriverSaysToInstallIt() throws IOException {
        CudaUnavailableException e =
                assertThrows(CudaUnavailableException.class, () -> search("").require());
        assertTrue(
                e.getMessage().startsWith("CUDA is not available: CUDA driver, cuBLAS, cuBLASLt were not found."),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("Fix: install the NVIDIA driver (nvidia-smi must list the GPU)"),
                e.getMessage());
    }
}
