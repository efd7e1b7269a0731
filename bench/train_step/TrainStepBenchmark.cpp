// bench/train_step: seconds per training step (batch 1) of the paper U-Net (f_maps 64) on a
// 64×64×32 patch in fp32 and bf16 autocast, the share of the voxel-level Siamese feature loss in
// a step, the cpu-quick preset's step, and inference time; a plain PyTorch implementation of the
// same network and step (bench/train_step/pytorch_step.py, Debian python3-torch) runs on the same
// input shape in the same benchmark, in fp32, channels-last-3d and bf16 autocast, and the ratios
// are printed.
//
// With --paper-epoch it also trains one epoch of the paper preset (70 generated volumes of
// 128×128×64) and prints the epoch and step times.
//
// usage: bench_train_step [--repeats N] [--no-pytorch] [--device cpu|cuda] [--python PATH]
//                         [--paper-epoch fp32|bf16|both [--paper-volumes N] [--paper-fmaps F]]
//                         [--inference-only]   (bf16 inference alone, e.g. under perf)
//                         [--step-only [--fp32]]   (the Dice-only step alone, bf16 unless
//                         --fp32, for A/B comparisons)
//                         [--profile]   (operator self times of the bf16 step, ours and PyTorch's)
//                         [--threads N] [--fmaps F] [--batch B] [--feature]   (the step that
//                         --step-only and --profile run; defaults: all cores, 64, 1, Dice only)
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "bench/train_step/OpProfile.h"
#include "bench/train_step/PaperEpoch.h"
#include "core/learn/Autocast.h"
#include "core/learn/FeatureObjective.h"
#include "core/learn/Losses.h"
#include "core/learn/UNet3D.h"

namespace {

using namespace voxsiam::learn;
using Clock = std::chrono::steady_clock;

/// Labels with a few ball-shaped organs so that the sampler finds every class.
torch::Tensor blobLabels(int64_t batch, int64_t d, int64_t h, int64_t w) {
  auto labels = torch::zeros({batch, d, h, w}, torch::kLong);
  const auto z = torch::arange(d).view({-1, 1, 1}), y = torch::arange(h).view({1, -1, 1}),
             x = torch::arange(w).view({1, 1, -1});
  for (int64_t organ = 1; organ <= 8; ++organ) {
    const int64_t cz = (organ * 7) % d, cy = (organ * 13) % h, cx = (organ * 29) % w;
    const auto inside = (z - cz).pow(2) + (y - cy).pow(2) + (x - cx).pow(2) < 36;
    labels.masked_fill_(inside.unsqueeze(0).expand_as(labels), organ);
  }
  return labels;
}

struct StepSetup {
  int64_t fMaps = 64, batch = 1;
  bool bf16 = false, featureLoss = false;
};

/// One training step (zero grad, forward, loss, backward, Adam) of a fresh model, as a callable
/// that owns the model, optimiser and data.
std::function<void()> makeStep(const StepSetup& setup, const torch::Device& device) {
  struct State {
    TrainingConfig config;
    UNet3D model{nullptr};
    FeatureObjective objective{nullptr};
    std::unique_ptr<torch::optim::Adam> optimizer;
    torch::Tensor image, labels;
    std::mt19937_64 random{1};
  };
  torch::manual_seed(0);
  auto state = std::make_shared<State>();
  state->config.network = {1, 9, setup.fMaps, 4};
  state->model = UNet3D(state->config.network);
  state->model->to(device);
  state->objective = FeatureObjective(state->config, *state->model);
  state->objective->to(device);
  auto parameters = state->model->parameters();
  for (const auto& p : state->objective->parameters()) parameters.push_back(p);
  state->optimizer = std::make_unique<torch::optim::Adam>(
      parameters, torch::optim::AdamOptions(1e-3).weight_decay(1e-5));
  state->image = torch::randn({setup.batch, 1, 32, 64, 64}).to(device);
  state->labels = blobLabels(setup.batch, 32, 64, 64).to(device);
  return [state, setup, device] {
    state->optimizer->zero_grad();
    torch::Tensor loss;
    {
      Bf16Autocast autocast(setup.bf16, device.is_cuda());
      const auto output = state->model->forward(state->image);
      loss = softDiceLoss(output.logits, state->labels);
      if (setup.featureLoss)
        loss = loss + 10.0 * state->objective->forward(output, state->labels, state->random).loss;
    }
    loss.backward();
    state->optimizer->step();
    if (device.is_cuda()) torch::cuda::synchronize();
  };
}

double secondsPerStep(const StepSetup& setup, int repeats, const torch::Device& device) {
  const auto step = makeStep(setup, device);
  step();
  const auto start = Clock::now();
  for (int repeat = 0; repeat < repeats; ++repeat) step();
  return std::chrono::duration<double>(Clock::now() - start).count() / repeats;
}

double secondsPerInference(bool bf16, int repeats, const torch::Device& device) {
  torch::NoGradGuard noGrad;
  UNet3D model(NetworkConfig{1, 9, 64, 4});
  model->to(device);
  model->eval();
  const auto image = torch::randn({1, 1, 32, 64, 64}).to(device);
  // One autocast region over all repeats, as the PyTorch twin and predictVolume's windows.
  Bf16Autocast autocast(bf16, device.is_cuda());
  auto run = [&] {
    torch::softmax(model->forward(image).logits.to(torch::kFloat), 1);
    if (device.is_cuda()) torch::cuda::synchronize();
  };
  run();
  const auto start = Clock::now();
  for (int repeat = 0; repeat < repeats; ++repeat) run();
  return std::chrono::duration<double>(Clock::now() - start).count() / repeats;
}

std::map<std::string, double> runPytorch(const std::string& python, int repeats, int threads,
                                         const std::string& device, const std::string& mode = "") {
  const std::string command = python + " " + VOXSIAM_PYTORCH_SCRIPT + " 64 32 64 64 " +
                              std::to_string(repeats) + " " + std::to_string(threads) + " " +
                              device + " " + mode;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string text;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get())) text += buffer;
  std::map<std::string, double> results;
  std::string key;
  for (std::size_t at = 0; (at = text.find('"', at)) != std::string::npos;) {
    const auto end = text.find('"', at + 1);
    key = text.substr(at + 1, end - at - 1);
    results[key] = std::stod(text.substr(text.find(':', end) + 1));
    at = text.find_first_of(",}", end);
  }
  return results;
}

struct Options {
  int repeats = 3;
  bool pytorch = true;
  std::string device = "cpu";
  std::string python = "/usr/bin/python3";
  std::string paperEpoch;  ///< empty, fp32, bf16 or both
  int paperVolumes = 70;
  int paperFMaps = 64;
  bool inferenceOnly = false;          ///< only the bf16 inference, for profiling
  bool stepOnly = false;               ///< only the Dice-only step
  int threads = 0;                     ///< 0: all cores
  StepSetup step{64, 1, true, false};  ///< what --step-only and --profile run
  bool profile = false;                ///< operator self times of the bf16 step instead of timings
};

Options readOptions(int argc, char** argv) {
  Options options;
  for (int index = 1; index < argc; ++index) {
    const std::string arg = argv[index];
    const bool hasValue = index + 1 < argc;
    if (arg == "--repeats" && hasValue)
      options.repeats = std::stoi(argv[++index]);
    else if (arg == "--no-pytorch")
      options.pytorch = false;
    else if (arg == "--device" && hasValue)
      options.device = argv[++index];
    else if (arg == "--python" && hasValue)
      options.python = argv[++index];
    else if (arg == "--paper-epoch" && hasValue)
      options.paperEpoch = argv[++index];
    else if (arg == "--paper-volumes" && hasValue)
      options.paperVolumes = std::stoi(argv[++index]);
    else if (arg == "--paper-fmaps" && hasValue)
      options.paperFMaps = std::stoi(argv[++index]);
    else if (arg == "--inference-only")
      options.inferenceOnly = true;
    else if (arg == "--step-only")
      options.stepOnly = true;
    else if (arg == "--fp32")
      options.step.bf16 = false;
    else if (arg == "--threads" && hasValue)
      options.threads = std::stoi(argv[++index]);
    else if (arg == "--fmaps" && hasValue)
      options.step.fMaps = std::stoi(argv[++index]);
    else if (arg == "--batch" && hasValue)
      options.step.batch = std::stoi(argv[++index]);
    else if (arg == "--feature")
      options.step.featureLoss = true;
    else if (arg == "--profile")
      options.profile = true;
  }
  return options;
}

struct VoxsiamTimes {
  double fp32 = 0, bf16 = 0, fp32Feature = 0, bf16Feature = 0, quick = 0, inferFp32 = 0,
         inferBf16 = 0;
};

VoxsiamTimes timeVoxsiam(int repeats, const torch::Device& device) {
  VoxsiamTimes times;
  times.fp32 = secondsPerStep({64, 1, false, false}, repeats, device);
  times.bf16 = secondsPerStep({64, 1, true, false}, repeats, device);
  times.bf16Feature = secondsPerStep({64, 1, true, true}, repeats, device);
  times.fp32Feature = secondsPerStep({64, 1, false, true}, repeats, device);
  times.quick = secondsPerStep({16, 2, true, true}, repeats, device);
  times.inferFp32 = secondsPerInference(false, repeats, device);
  times.inferBf16 = secondsPerInference(true, repeats, device);
  return times;
}

void printVoxsiam(const VoxsiamTimes& t) {
  std::cout << std::setprecision(3) << "voxsiam f_maps 64 step, Dice only:            fp32 "
            << t.fp32 << " s   bf16 " << t.bf16 << " s\n"
            << "voxsiam f_maps 64 step, Dice + voxel-Siamese: fp32 " << t.fp32Feature
            << " s   bf16 " << t.bf16Feature << " s\n"
            << "feature-loss share of the step:               fp32 " << std::setprecision(1)
            << 100 * (t.fp32Feature - t.fp32) / t.fp32Feature << " %   bf16 "
            << 100 * (t.bf16Feature - t.bf16) / t.bf16Feature << " %\n"
            << std::setprecision(3)
            << "cpu-quick preset step (f_maps 16, batch 2, bf16, voxel-Siamese): " << t.quick
            << " s\n"
            << "inference f_maps 64 on the patch:             fp32 " << t.inferFp32 << " s   bf16 "
            << t.inferBf16 << " s\n";
}

/// Multiply-adds ×2 of one forward pass of the U-Net (3×3×3 convolutions and the 1×1×1 head) on
/// a patch of `voxels` voxels; pooling, norms and activations left out. `upsampledTaps` is the
/// number of taps per voxel of the decoders' convolution of the upsampled coarser level: 27 as
/// the network is written, 8 as UNet3D computes it (convOfNearestUpsampled).
double forwardFlops(int64_t fMaps, int64_t levels, int64_t classes, double voxels,
                    int upsampledTaps = 27) {
  double flops = 0;
  int64_t previous = 1;
  for (int64_t level = 0; level < levels; ++level) {
    const int64_t out = fMaps << level, middle = std::max(out / 2, previous);
    const double at = voxels / double(int64_t{1} << (3 * level));
    flops += 2.0 * 27 * double(previous * middle + middle * out) * at;
    if (level + 1 < levels) {
      const int64_t coarser = fMaps << (level + 1);
      flops +=
          2.0 * (27.0 * double(out * out + out * out) + upsampledTaps * double(coarser * out)) * at;
    }
    previous = out;
  }
  return flops + 2.0 * double(fMaps * classes) * voxels;
}

/// GFLOP/s of a 2048×2048 matrix product in `type`: what this machine's BLAS attains.
double gemmGflops(torch::ScalarType type, const torch::Device& device) {
  const auto a = torch::randn({2048, 2048}).to(device, type),
             b = torch::randn({2048, 2048}).to(device, type);
  torch::matmul(a, b);
  const auto start = Clock::now();
  const int repeats = 5;
  for (int repeat = 0; repeat < repeats; ++repeat) torch::matmul(a, b);
  if (device.is_cuda()) torch::cuda::synchronize();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return 2.0 * 2048 * 2048 * 2048 * repeats / seconds / 1e9;
}

/// Achieved GFLOP/s of the f_maps-64 step (forward + backward ≈ 3 forwards) and inference,
/// against a large matrix product in the same precision.
void printThroughput(const VoxsiamTimes& t, const torch::Device& device) {
  const double forward = forwardFlops(64, 4, 9, 64.0 * 64 * 32),
               executed = forwardFlops(64, 4, 9, 64.0 * 64 * 32, 8);
  const double fp32Peak = gemmGflops(torch::kFloat, device),
               bf16Peak = gemmGflops(torch::kBFloat16, device);
  std::cout << std::setprecision(1) << "throughput (forward of the network as written "
            << forward / 1e9 << " GFLOP on the patch, step = 3 forwards): step fp32 "
            << 3 * forward / t.fp32 / 1e9 << " GFLOP/s, bf16 " << 3 * forward / t.bf16 / 1e9
            << "; inference fp32 " << forward / t.inferFp32 / 1e9 << ", bf16 "
            << forward / t.inferBf16 / 1e9 << "; a 2048x2048 matrix product: fp32 " << fp32Peak
            << ", bf16 " << bf16Peak << " GFLOP/s\n"
            << "  executed (decoders convolve the coarse level with 2x2x2 parity kernels, "
            << executed / 1e9 << " GFLOP per forward): step fp32 " << 3 * executed / t.fp32 / 1e9
            << ", bf16 " << 3 * executed / t.bf16 / 1e9 << "; inference fp32 "
            << executed / t.inferFp32 / 1e9 << ", bf16 " << executed / t.inferBf16 / 1e9
            << " GFLOP/s\n"
            << std::setprecision(3);
}

/// Prints PyTorch's figures and the ratios; false when the script gave none.
bool compareWithPytorch(const Options& options, int threads, const VoxsiamTimes& t) {
  const auto torchTimes = runPytorch(options.python, options.repeats, threads, options.device);
  if (torchTimes.size() < 5) {
    std::cerr << "bench_train_step: the PyTorch script gave no timings\n";
    return false;
  }
  const double fastest = std::min(
      {torchTimes.at("fp32"), torchTimes.at("channels_last_3d"), torchTimes.at("bf16_autocast")});
  std::cout << std::setprecision(3) << "pytorch (" << options.python << ") f_maps 64 step: fp32 "
            << torchTimes.at("fp32") << " s   channels-last-3d "
            << torchTimes.at("channels_last_3d") << " s   bf16 autocast "
            << torchTimes.at("bf16_autocast") << " s\n"
            << "pytorch inference:                            fp32 "
            << torchTimes.at("inference_fp32") << " s   bf16 " << torchTimes.at("inference_bf16")
            << " s\n"
            << std::setprecision(2) << "ratios (pytorch / voxsiam): fp32 step "
            << torchTimes.at("fp32") / t.fp32 << "x, bf16 step "
            << torchTimes.at("bf16_autocast") / t.bf16 << "x, voxsiam bf16 vs pytorch fastest "
            << fastest / t.bf16 << "x, voxsiam bf16 vs pytorch fp32 "
            << torchTimes.at("fp32") / t.bf16 << "x, inference bf16 "
            << torchTimes.at("inference_bf16") / t.inferBf16 << "x\n";
  return true;
}

/// Operator self times of our bf16 Dice-only step and the convolution share of ours and
/// PyTorch's step: with the same convolution kernels, 1 / PyTorch's share bounds how much faster
/// than PyTorch's step any step can be that still runs them.
int profileSteps(const Options& options, int threads, const torch::Device& device) {
  const auto step = makeStep(options.step, device);
  step();
  const auto times = voxsiam::bench::profileOperators([&] {
    for (int repeat = 0; repeat < options.repeats; ++repeat) step();
  });
  const bool defaultStep = options.step.fMaps == 64 && options.step.batch == 1 &&
                           options.step.bf16 && !options.step.featureLoss;
  std::cout << std::setprecision(1) << "voxsiam step, operator self time over " << options.repeats
            << " steps:\n";
  for (std::size_t index = 0; index < times.size() && index < 12; ++index)
    std::cout << "  " << std::setw(9) << times[index].milliseconds << " ms  " << std::setw(4)
              << times[index].calls << "  " << times[index].name << "\n";
  const double ours = voxsiam::bench::convolutionShare(times);
  std::cout << std::setprecision(3) << "convolution share of the step: voxsiam " << ours;
  if (options.pytorch) {
    const auto theirs =
        runPytorch(options.python, options.repeats, threads, options.device, "profile");
    if (!theirs.count("bf16_step_convolution_share")) {
      std::cerr << "\nbench_train_step: the PyTorch script gave no profile\n";
      return 1;
    }
    const double share = theirs.at("bf16_step_convolution_share");
    std::cout << ", pytorch " << share << "; a step with the same convolution kernels and nothing "
              << "else is at most " << std::setprecision(2) << 1 / share
              << "x as fast as PyTorch's";
  }
  std::cout << "\n";
  return 0;
}

void timePaperEpochs(const Options& options) {
  for (const bool bf16 : {false, true}) {
    const std::string precision = bf16 ? "bf16" : "fp32";
    if (options.paperEpoch != precision && options.paperEpoch != "both") continue;
    voxsiam::bench::PaperEpochSetup setup;
    setup.device = options.device;
    setup.bf16 = bf16;
    setup.trainingVolumes = options.paperVolumes;
    setup.validationVolumes = std::max(1, options.paperVolumes / 4);
    setup.fMaps = options.paperFMaps;
    voxsiam::bench::timePaperEpoch(setup);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = readOptions(argc, argv);
  const int threads = options.threads > 0 ? options.threads
                                          : int(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  const torch::Device device(options.device);
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
  std::cout << std::fixed << std::setprecision(3) << "device " << options.device << ", " << threads
            << " threads, patch 64x64x32 (D 32, H 64, W 64), batch 1, 9 classes, "
            << options.repeats << " timed steps each\n";
  if (options.inferenceOnly) {
    std::cout << "inference f_maps 64 bf16: " << secondsPerInference(true, options.repeats, device)
              << " s\n";
    return 0;
  }
  if (options.stepOnly) {
    std::cout << "step f_maps " << options.step.fMaps << " batch " << options.step.batch << " "
              << (options.step.bf16 ? "bf16" : "fp32")
              << (options.step.featureLoss ? " voxel-Siamese" : " Dice only") << ": "
              << secondsPerStep(options.step, options.repeats, device) << " s\n";
    return 0;
  }
  if (options.profile) return profileSteps(options, threads, device);
  const VoxsiamTimes times = timeVoxsiam(options.repeats, device);
  printVoxsiam(times);
  printThroughput(times, device);
  if (options.pytorch && !compareWithPytorch(options, threads, times)) return 1;
  timePaperEpochs(options);
  return 0;
}
