"""The mini-app host: finds apps, calls them safely, and carries their replies into chat."""
