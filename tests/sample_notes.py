"""Notes on three clear topics, shared by the theme tests and the theme command line tests."""

TRANSPORT = [
    "The buses should run later in the evening",
    "More bus routes to the east side of town",
    "Bus stops need shelters from the rain",
    "Buses only come once an hour, far too slow",
    "A bus route to the hospital",
    "Cheaper bus fares for students",
    "Real-time bus arrival screens at the stops",
    "Weekend bus service is missing",
    "Bus drivers need better pay",
    "Free bus rides for seniors",
]
PARKS = [
    "We need more parks for kids",
    "The parks need better playgrounds",
    "Parks with more trees and shade",
    "Clean up the litter in the parks",
    "A dog park on the north side",
    "Parks should stay open after dark with lights",
    "Water fountains in every park",
    "Community gardens in the parks",
    "Benches in the park for older people",
    "Park rangers to keep parks safe",
]
LIBRARY = [
    "The library should open on Sundays",
    "More books for teenagers at the library",
    "Library hours are too short",
    "Free wifi at the library",
    "A library branch in the west end",
    "Library classes for adults learning English",
    "Library computers are too old",
    "Story time at the library for toddlers",
    "A quiet study room in the library",
    "Library fines should be dropped",
]
THREE_TOPICS = TRANSPORT + PARKS + LIBRARY
