#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

namespace specflow::entities {

// An index into one of the scenario's tables, typed by what it indexes so that an ICB's index
// cannot be passed where a provider's is wanted.
template <typename Tag>
class Id {
public:
    constexpr Id() noexcept = default;
    constexpr explicit Id(std::uint32_t value) noexcept : value_(value) {}

    [[nodiscard]] constexpr std::uint32_t value() const noexcept { return value_; }
    [[nodiscard]] constexpr std::size_t index() const noexcept { return value_; }

    friend constexpr auto operator<=>(Id, Id) noexcept = default;

private:
    std::uint32_t value_ = 0;
};

using RegionId = Id<struct RegionTag>;
using IcbId = Id<struct IcbTag>;
using ProviderId = Id<struct ProviderTag>;
using ServiceLineId = Id<struct ServiceLineTag>;
using FlowId = Id<struct FlowTag>;
using ContractId = Id<struct ContractTag>;
using ArrangementId = Id<struct ArrangementTag>; // a lead-ICB arrangement
using PoolId = Id<struct PoolTag>;               // a risk pool

} // namespace specflow::entities
