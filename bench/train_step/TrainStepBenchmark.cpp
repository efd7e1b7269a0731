// bench/train_step: seconds per training step (batch 1) of the paper U-Net (f_maps 64) on a
// 64×64×32 patch in fp32 and bf16 autocast, the share of the voxel-level Siamese feature loss in
// a step, the cpu-quick preset's step, and inference time; a plain PyTorch implementation of the
// same network and step (bench/train_step/pytorch_step.py, Debian python3-torch) runs on the same
// input shape in the same benchmark, in fp32, channels-last-3d and bf16 autocast, and the ratios
// are printed.
//
// usage: bench_train_step [--repeats N] [--no-pytorch] [--device cpu|cuda]
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

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

double secondsPerStep(const StepSetup& setup, int repeats, const torch::Device& device) {
  torch::manual_seed(0);
  TrainingConfig config;
  config.network = {1, 9, setup.fMaps, 4};
  UNet3D model(config.network);
  model->to(device);
  FeatureObjective objective(config, *model);
  objective->to(device);
  auto parameters = model->parameters();
  for (const auto& p : objective->parameters()) parameters.push_back(p);
  torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(1e-3).weight_decay(1e-5));
  const auto image = torch::randn({setup.batch, 1, 32, 64, 64}).to(device);
  const auto labels = blobLabels(setup.batch, 32, 64, 64).to(device);
  std::mt19937_64 random(1);
  auto step = [&] {
    optimizer.zero_grad();
    torch::Tensor loss;
    {
      Bf16Autocast autocast(setup.bf16, device.is_cuda());
      const auto output = model->forward(image);
      loss = softDiceLoss(output.logits, labels);
      if (setup.featureLoss) loss = loss + 10.0 * objective->forward(output, labels, random).loss;
    }
    loss.backward();
    optimizer.step();
    if (device.is_cuda()) torch::cuda::synchronize();
  };
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
  auto run = [&] {
    Bf16Autocast autocast(bf16, device.is_cuda());
    torch::softmax(model->forward(image).logits.to(torch::kFloat), 1);
    if (device.is_cuda()) torch::cuda::synchronize();
  };
  run();
  const auto start = Clock::now();
  for (int repeat = 0; repeat < repeats; ++repeat) run();
  return std::chrono::duration<double>(Clock::now() - start).count() / repeats;
}

std::map<std::string, double> runPytorch(int repeats, int threads) {
  const std::string command = std::string("/usr/bin/python3 ") + VOXSIAM_PYTORCH_SCRIPT +
                              " 64 32 64 64 " + std::to_string(repeats) + " " +
                              std::to_string(threads);
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

}  // namespace

int main(int argc, char** argv) {
  int repeats = 3;
  bool pytorch = true;
  std::string deviceName = "cpu";
  for (int index = 1; index < argc; ++index) {
    const std::string arg = argv[index];
    if (arg == "--repeats" && index + 1 < argc)
      repeats = std::stoi(argv[++index]);
    else if (arg == "--no-pytorch")
      pytorch = false;
    else if (arg == "--device" && index + 1 < argc)
      deviceName = argv[++index];
  }
  const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  const torch::Device device(deviceName);
  std::cout << std::fixed << std::setprecision(3) << "device " << deviceName << ", " << threads
            << " threads, patch 64x64x32 (D 32, H 64, W 64), batch 1, 9 classes, " << repeats
            << " timed steps each\n";
  const double fp32 = secondsPerStep({64, 1, false, false}, repeats, device);
  const double bf16 = secondsPerStep({64, 1, true, false}, repeats, device);
  const double bf16Feature = secondsPerStep({64, 1, true, true}, repeats, device);
  const double fp32Feature = secondsPerStep({64, 1, false, true}, repeats, device);
  const double quick = secondsPerStep({16, 2, true, true}, repeats, device);
  const double inferFp32 = secondsPerInference(false, repeats, device);
  const double inferBf16 = secondsPerInference(true, repeats, device);
  std::cout << "voxsiam f_maps 64 step, Dice only:            fp32 " << fp32 << " s   bf16 " << bf16
            << " s\n"
            << "voxsiam f_maps 64 step, Dice + voxel-Siamese: fp32 " << fp32Feature << " s   bf16 "
            << bf16Feature << " s\n"
            << "feature-loss share of the step:               fp32 " << std::setprecision(1)
            << 100 * (fp32Feature - fp32) / fp32Feature << " %   bf16 "
            << 100 * (bf16Feature - bf16) / bf16Feature << " %\n"
            << std::setprecision(3)
            << "cpu-quick preset step (f_maps 16, batch 2, bf16, voxel-Siamese): " << quick
            << " s\n"
            << "inference f_maps 64 on the patch:             fp32 " << inferFp32 << " s   bf16 "
            << inferBf16 << " s\n";
  if (!pytorch || device.is_cuda()) return 0;
  const auto torchTimes = runPytorch(repeats, threads);
  if (torchTimes.size() < 5) {
    std::cerr << "bench_train_step: the PyTorch script gave no timings\n";
    return 1;
  }
  const double fastest = std::min(
      {torchTimes.at("fp32"), torchTimes.at("channels_last_3d"), torchTimes.at("bf16_autocast")});
  std::cout << "pytorch (python3-torch) f_maps 64 step:       fp32 " << torchTimes.at("fp32")
            << " s   channels-last-3d " << torchTimes.at("channels_last_3d")
            << " s   bf16 autocast " << torchTimes.at("bf16_autocast") << " s\n"
            << "pytorch inference:                            fp32 "
            << torchTimes.at("inference_fp32") << " s   bf16 " << torchTimes.at("inference_bf16")
            << " s\n"
            << std::setprecision(2) << "ratios (pytorch / voxsiam): fp32 step "
            << torchTimes.at("fp32") / fp32 << "x, bf16 step "
            << torchTimes.at("bf16_autocast") / bf16 << "x, voxsiam bf16 vs pytorch fastest "
            << fastest / bf16 << "x, voxsiam bf16 vs pytorch fp32 " << torchTimes.at("fp32") / bf16
            << "x, inference bf16 " << torchTimes.at("inference_bf16") / inferBf16 << "x\n";
  return 0;
}
