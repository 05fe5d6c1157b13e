/*
 * Process-wide settings that libtorch runs faster with on a small CPU machine. The engine's LibtorchTuning loads
 * this library, and asks for what it wants, before libtorch's first operation.
 *
 * MKL's CPU check. MKL, which libtorch links in, asks mkl_serv_intel_cpu_true() and mkl_serv_intel_cpu() before it
 * picks its kernels, and on a CPU that is not Intel's it keeps to generic AVX2 code even where the CPU has AVX-512
 * (AMD Zen 4 and 5). Answering both with yes lets MKL choose by the instruction sets the CPU reports: on the 2-core
 * AMD EPYC (Zen 5) benchmark machine a 2048 x 2048 fp32 product went from 136 to 216 GFLOPS. Both are needed: with
 * the first alone, matrix-vector products (batch-1 decoding) ran at half their speed before. libtorch calls these
 * through its PLT, so the first definition in the process's global symbol scope wins; the JVM loads a library with
 * local scope, where libtorch does not look, until answerMklCpuCheck re-opens it with RTLD_GLOBAL.
 *
 * malloc's thresholds. libtorch allocates every activation with malloc, and a training step frees hundreds of
 * megabytes at once; glibc then returns that memory to the kernel, and the next step faults it back in page by page
 * (11% of a tiny-model step, in the kernel). Keeping it costs resident memory up to the trim threshold, until
 * trimNow hands it back (after a training).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <malloc.h>

/* How often MKL asked each question of this library: [0] mkl_serv_intel_cpu_true, [1] mkl_serv_intel_cpu. */
static volatile jint times_asked[2];

int mkl_serv_intel_cpu_true(void) {
  times_asked[0]++;
  return 1;
}

int mkl_serv_intel_cpu(void) {
  times_asked[1]++;
  return 1;
}

JNIEXPORT jboolean JNICALL Java_subsim_engine_LibtorchTuning_answerMklCpuCheck(JNIEnv *env, jclass type) {
  Dl_info self;
  return dladdr((void *) &mkl_serv_intel_cpu_true, &self) != 0
      && dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_GLOBAL) != NULL;
}

JNIEXPORT jint JNICALL Java_subsim_engine_LibtorchTuning_timesAsked(JNIEnv *env, jclass type, jint question) {
  return question == 0 || question == 1 ? times_asked[question] : -1;
}

JNIEXPORT jboolean JNICALL Java_subsim_engine_LibtorchTuning_keepFreedMemory(JNIEnv *env, jclass type,
    jint mmap_threshold, jint trim_threshold) {
  return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
}

JNIEXPORT void JNICALL Java_subsim_engine_LibtorchTuning_trimNow(JNIEnv *env, jclass type) {
  malloc_trim(0);
}

JNIEXPORT jlong JNICALL Java_subsim_engine_LibtorchTuning_mappedBytesNow(JNIEnv *env, jclass type) {
  return (jlong) mallinfo2().hblkhd;
}
