#include "sim/runners/common_factors.hpp"

#include "sim/kernel/count_sampler.hpp"

#include <cmath>
#include <vector>

namespace specflow::sim {

namespace {

constexpr double k_bp = 10'000.0;

// A standard normal from the stream's `kind` at (item, year): the ziggurat, from draw 0 on.
double normal(const RandomStream& stream, StreamKind kind, std::uint32_t item, std::uint32_t year) {
    UniformSequence uniform(stream, item, year, kind);
    std::uint32_t draw = 0;
    return counts::standard_normal(uniform, draw);
}

} // namespace

CommonFactors::CommonFactors(const Model& model)
    : lines_(model.scenario().service_lines.size()), national_(lines_, 1.0), trend_(lines_, 1.0),
      provider_(model.scenario().providers.size() * lines_, 1.0), flow_(model.flow_count(), 1.0) {}

CommonFactors::CommonFactors(const Model& model, const RandomStream& stream,
                             std::uint32_t year_index)
    : CommonFactors(model) {
    const auto& s = model.scenario();
    // Only the factors some flow is multiplied by are drawn: the others are read by nothing, and
    // each factor has its own counter, so the ones drawn do not depend on which are left out. (A
    // line's national factor of cv 0 is 1 whatever its normal; providers × lines with no flow
    // were most of the provider factors, and their normals about 2% of England's run.)
    std::vector<counts::LognormalFactor> provider_factor;
    provider_factor.reserve(lines_);
    for (std::size_t l = 0; l < lines_; ++l) {
        const auto& variation = s.service_lines[l].variation;
        const auto line = static_cast<std::uint32_t>(l);
        if (variation.national_cv_bp > 0) {
            national_[l] =
                counts::lognormal_factor(variation.national_cv_bp / k_bp,
                                         normal(stream, k_national_factor, line, year_index));
        }
        // The trend's deviation is drawn once per replication and compounds: after y years a
        // lognormal of standard deviation y·sd on the log scale, mean 1.
        if (variation.trend_sd_bp > 0 && year_index > 0) {
            const double sigma = year_index * variation.trend_sd_bp / k_bp;
            trend_[l] = std::exp(sigma * normal(stream, k_trend, line, 0) - 0.5 * sigma * sigma);
        }
        provider_factor.emplace_back(variation.provider_cv_bp / k_bp);
    }
    for (const std::uint32_t item : model.provider_lines_with_flows()) {
        const std::size_t l = item % lines_;
        if (s.service_lines[l].variation.provider_cv_bp > 0) {
            provider_[item] =
                provider_factor[l](normal(stream, k_provider_factor, item, year_index));
        }
    }
    for (std::size_t f = 0; f < flow_.size(); ++f) {
        const auto l = model.flow_line(f).index();
        flow_[f] = national_[l] * trend_[l] * provider(model.flow_provider(f).index(), l);
    }
}

} // namespace specflow::sim
